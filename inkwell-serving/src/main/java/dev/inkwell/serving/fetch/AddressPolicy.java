package dev.inkwell.serving.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses a server-side fetch may reach. Everything that is not the public internet is refused: loopback,
 * private (RFC 1918, ULA), link-local (and so cloud metadata at 169.254.169.254), CGNAT, multicast, reserved and
 * documentation ranges, and IPv6 forms that embed such an IPv4 address. An allow-list (host names or CIDRs) opens
 * chosen targets, for tests and intranets.
 */
public final class AddressPolicy {
    private static final List<Cidr> FORBIDDEN = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"), Cidr.parse("192.0.2.0/24"),
            Cidr.parse("192.88.99.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"),
            Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"), Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("100::/64"), Cidr.parse("2001:db8::/32"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));

    private final List<String> allowedHosts;
    private final List<Cidr> allowedRanges;

    public AddressPolicy(List<String> allowList) {
        this.allowedHosts = allowList.stream().filter(s -> !s.contains("/")).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.allowedRanges = allowList.stream().filter(s -> s.contains("/")).map(Cidr::parse).toList();
    }

    public boolean hostAllowListed(String host) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Why {@code address} may not be fetched from, or empty if it may. */
    public Optional<String> refusal(String host, InetAddress address) {
        if (hostAllowListed(host) || hostAllowListed(address.getHostAddress())) return Optional.empty();
        for (Cidr range : allowedRanges) if (range.contains(address)) return Optional.empty();
        InetAddress effective = embeddedIpv4(address).orElse(address);
        if (effective.isLoopbackAddress()) return Optional.of(effective.getHostAddress() + " is a loopback address");
        if (effective.isLinkLocalAddress()) return Optional.of(effective.getHostAddress() + " is a link-local (metadata) address");
        if (effective.isSiteLocalAddress()) return Optional.of(effective.getHostAddress() + " is a private address");
        if (effective.isAnyLocalAddress()) return Optional.of(effective.getHostAddress() + " is the wildcard address");
        if (effective.isMulticastAddress()) return Optional.of(effective.getHostAddress() + " is a multicast address");
        for (Cidr range : FORBIDDEN) {
            if (range.contains(effective)) return Optional.of(effective.getHostAddress() + " is in the non-public range " + range);
        }
        return Optional.empty();
    }

    /** IPv4 inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) return Optional.empty();
        byte[] b = address.getAddress();
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) zero80 &= b[i] == 0;
        boolean mapped = zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zero80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1));
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        try {
            if (mapped || compatible || nat64) return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) return Optional.of(InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return Optional.empty();
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
    record Cidr(byte[] network, int bits, String text) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                byte[] net = InetAddress.getByName(text.substring(0, slash).strip()).getAddress();
                int bits = Integer.parseInt(text.substring(slash + 1).strip());
                if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("bad prefix length in " + text);
                return new Cidr(net, bits, text);
            } catch (UnknownHostException | NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
