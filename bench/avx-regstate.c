/*
 * Does this machine keep AVX-512 register state across preemption and interrupts? (docs/training.md#nan)
 *
 * Loads random patterns into every vector register (zmm0-31 and the opmask registers k1-k7 for avx512; ymm0-15 for
 * avx2), spins for a few milliseconds with integer-only instructions so that the thread is preempted and interrupted
 * in between, stores the registers back and compares. Any difference is register state that the kernel or the
 * hypervisor lost, which would corrupt oneDNN's AVX-512 kernels at random.
 *
 *   gcc -O1 -o /tmp/avx-regstate bench/avx-regstate.c && /tmp/avx-regstate avx512 60 & /tmp/avx-regstate avx2 60
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define R7(F) F(1) F(2) F(3) F(4) F(5) F(6) F(7)
#define R16(F) F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11) F(12) F(13) F(14) F(15)
#define R32(F) R16(F) F(16) F(17) F(18) F(19) F(20) F(21) F(22) F(23) F(24) F(25) F(26) F(27) F(28) F(29) F(30) F(31)
#define ZLOAD(i) "vmovdqu32 " #i "*64(%[e]), %%zmm" #i "\n\t"
#define ZSTORE(i) "vmovdqu32 %%zmm" #i ", " #i "*64(%[o])\n\t"
#define KLOAD(i) "kmovw " #i "*2-2(%[ke]), %%k" #i "\n\t"
#define KSTORE(i) "kmovw %%k" #i ", " #i "*2-2(%[ko])\n\t"
#define YLOAD(i) "vmovdqu " #i "*32(%[e]), %%ymm" #i "\n\t"
#define YSTORE(i) "vmovdqu %%ymm" #i ", " #i "*32(%[o])\n\t"
#define XMM(i) "xmm" #i,
#define KREG(i) "k" #i,
#define SPIN "mov %[n], %%rcx\n\t1: dec %%rcx\n\tjnz 1b\n\t"

static uint8_t expected[32 * 64] __attribute__((aligned(64)));
static uint8_t stored[32 * 64] __attribute__((aligned(64)));
static uint16_t kexpected[8], kstored[8];

__attribute__((target("avx512f"))) static void round_avx512(long n) {
    uint8_t *e = expected, *o = stored;
    uint16_t *ke = kexpected, *ko = kstored;
    __asm__ volatile(R32(ZLOAD) R7(KLOAD) SPIN R32(ZSTORE) R7(KSTORE)
                     : : [e] "r"(e), [o] "r"(o), [ke] "r"(ke), [ko] "r"(ko), [n] "r"(n)
                     : "rcx", R32(XMM) R7(KREG) "memory");
}

__attribute__((target("avx2"))) static void round_avx2(long n) {
    uint8_t *e = expected, *o = stored;
    __asm__ volatile(R16(YLOAD) SPIN R16(YSTORE) : : [e] "r"(e), [o] "r"(o), [n] "r"(n) : "rcx", R16(XMM) "memory");
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    int avx512 = argc < 2 || strcmp(argv[1], "avx2") != 0;
    double seconds = argc > 2 ? atof(argv[2]) : 30;
    long spin = argc > 3 ? atol(argv[3]) : 2000000;
    int regs = avx512 ? 32 : 16, width = avx512 ? 64 : 32, bytes = regs * width;
    long rounds = 0, bad = 0;
    uint64_t x = 88172645463325252ull;
    double start = now();
    while (now() - start < seconds) {
        for (int i = 0; i < bytes; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; expected[i] = (uint8_t) x; }
        for (int k = 0; k < 8; k++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; kexpected[k] = (uint16_t) x; }
        memset(stored, 0, sizeof stored);
        memset(kstored, 0, sizeof kstored);
        if (avx512) round_avx512(spin); else round_avx2(spin);
        rounds++;
        int differs = memcmp(expected, stored, bytes) != 0 || (avx512 && memcmp(kexpected, kstored, 7 * 2) != 0);
        if (!differs) continue;
        if (++bad <= 5) {
            printf("round %ld: changed:", rounds);
            for (int r = 0; r < regs; r++) {
                int n = 0;
                for (int j = 0; j < width; j++) n += expected[r * width + j] != stored[r * width + j];
                if (n) printf(" %s%d (%d bytes)", avx512 ? "zmm" : "ymm", r, n);
            }
            for (int k = 0; avx512 && k < 7; k++) if (kexpected[k] != kstored[k]) printf(" k%d", k + 1);
            printf("\n");
            fflush(stdout);
        }
    }
    printf("%s: %ld rounds in %.0f s, %ld with a register changed\n", avx512 ? "avx512" : "avx2", rounds, now() - start, bad);
    return bad != 0;
}
