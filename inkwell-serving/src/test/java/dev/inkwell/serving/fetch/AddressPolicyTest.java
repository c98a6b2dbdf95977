package dev.inkwell.serving.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private final AddressPolicy policy = new AddressPolicy(List.of());

    private boolean refused(String ip) throws UnknownHostException {
        return policy.refusal("host", InetAddress.getByName(ip)).isPresent();
    }

    @Test
    void refusesEveryNonPublicTarget() throws UnknownHostException {
        for (String ip : List.of("127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "100.100.100.200", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
                "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "::127.0.0.1")) {
            assertThat(refused(ip)).as(ip).isTrue();
        }
    }

    @Test
    void allowsPublicAddressesAndTheAllowList() throws UnknownHostException {
        for (String ip : List.of("8.8.8.8", "1.1.1.1", "151.101.1.69", "2606:4700:4700::1111", "172.32.0.1", "100.128.0.1")) {
            assertThat(refused(ip)).as(ip).isFalse();
        }
        AddressPolicy open = new AddressPolicy(List.of("127.0.0.1", "10.1.0.0/16"));
        assertThat(open.refusal("127.0.0.1", InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(open.refusal("x", InetAddress.getByName("10.1.200.3"))).isEmpty();
        assertThat(open.refusal("x", InetAddress.getByName("10.2.0.1"))).isPresent();
        assertThat(open.refusal("x", InetAddress.getByName("127.0.0.2"))).isPresent();
    }

    @Property(tries = 500)
    void everyPrivateIpv4AddressIsRefused(@ForAll @IntRange(min = 0, max = 255) int a, @ForAll @IntRange(min = 0, max = 255) int b,
                                          @ForAll @IntRange(min = 0, max = 255) int c) throws UnknownHostException {
        for (String ip : List.of("10." + a + "." + b + "." + c, "192.168." + b + "." + c, "127." + a + "." + b + "." + c,
                "169.254." + b + "." + c, "172." + (16 + a % 16) + "." + b + "." + c)) {
            assertThat(refused(ip)).as(ip).isTrue();
            assertThat(refused("::ffff:" + ip)).as("mapped " + ip).isTrue();
        }
    }
}
