/*
 * floor.c is BenchmarkFloor (sim/floor_test.go) in C99: the bench-reference
 * household-year with povsim's random numbers, at the same three levels
 * (0 bare, 1 sums, 2 counts), the same population, keys, draws and
 * arithmetic in the same order, so that its results are bit-identical to
 * the Go loop's (TestFloorMatchesC checks them). It says what a C compiler
 * makes of exactly the work Go's yardstick does.
 *
 * Build: gcc -O2 -ffp-contract=off floor.c -o floor -lm
 *   (-ffp-contract=off: no fused multiply-add, which Go does not do either
 *   where it would change a result; never -ffast-math)
 * Run:   ./floor LEVEL YEARS REPS
 *   LEVEL 0, 1, 2 (or bare, sums, counts). Each repetition starts from a new
 *   population and runs years 0 … YEARS−1; only the yearly loop is timed.
 *   Prints "ns/household-year MIN MEDIAN" over the repetitions, then the
 *   checksum of the last repetition, lines starting "check": per year the
 *   counts poor and ever poor, at the end the bits of the sums and an
 *   FNV-1a hash of the cells and spell counts.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { N = 10000, VILLAGE_SIZE = 50, DURS = 22 };

/* sim/record.go and sim/stats.go */
enum {
	TYPE_OTHER = 7,
	CELL_FORMERLY_POOR = 1 << TYPE_OTHER,
	CELL_POOR = CELL_FORMERLY_POOR << 1,
	CELL_EVER_POOR = CELL_POOR << 1,
	NUM_CELLS = CELL_EVER_POOR << 1,
	SPELL_AT_RISK = 1,
	SPELL_POOR = 2,
	SPELL_WAS_POOR = 4,
	NUM_SPELL_STATES = 8,
	INC_WAGES = 0, INC_FARM = 2, INC_TRANSFERS = 4, INC_REIMBURSEMENT = 6,
	INC_MEDICAL = 8, NUM_COMPONENTS = 10,
	COST_SUBSIDY = 0, COST_MEDICAL_INSURANCE = 6, NUM_PROGRAMS = 20,
};

/* sim/rng.go */
#define GOLDEN 0x9e3779b97f4a7c15u
#define ENTITY_VILLAGE ((uint64_t)1 << 62)
#define ENTITY_MUL 0xd6e8feb86659fd93u
#define PURPOSE_MUL 0xe7037ed1a0b428dbu
#define MEMBER_MUL 0x8cb92ba72f3d8dd7u
#define PURPOSE_LABOR 9
#define PURPOSE_ILLNESS 10

static inline uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}
static inline uint64_t yearKey(uint64_t rk, int year) { return mix(rk ^ ((uint64_t)year + 1) * 0xa0761d6478bd642fu); }
static inline uint64_t entityKey(uint64_t yk, uint64_t e) { return mix(yk + (e + 1) * ENTITY_MUL); }
static inline uint64_t memberKey(uint64_t key, int m) { return key + (uint64_t)(m + 1) * MEMBER_MUL; }
static inline uint64_t seedOf(uint64_t key, uint64_t p) { return key + p * PURPOSE_MUL; }
static inline double unit(uint64_t x) { return (double)(int64_t)(x >> 11) * 0x1p-53; }
static inline double drawAt(uint64_t s, int k) { return unit(mix(s + (uint64_t)(k + 1) * GOLDEN)); }
static inline uint64_t drawBits(uint64_t s, int k) { return mix(s + (uint64_t)(k + 1) * GOLDEN) >> 11; }
static uint64_t below(double p)
{
	if (!(p > 0))
		return 0;
	if (p >= 1)
		return (uint64_t)1 << 53;
	return (uint64_t)ceil(p * 0x1p53);
}

/* zigW of sim/ziggurat.go (Go's math/rand/v2 table, BSD-style license,
 * Copyright 2009 The Go Authors). The floor takes the ziggurat's first
 * step's draw whether or not the step decides, so it reads no zigK. */
static const float zigW[128] = {
	1.7290405e-09f, 1.2680929e-10f, 1.6897518e-10f, 1.9862688e-10f,
	2.2232431e-10f, 2.4244937e-10f, 2.601613e-10f, 2.7611988e-10f,
	2.9073963e-10f, 3.042997e-10f, 3.1699796e-10f, 3.289802e-10f,
	3.4035738e-10f, 3.5121603e-10f, 3.616251e-10f, 3.7164058e-10f,
	3.8130857e-10f, 3.9066758e-10f, 3.9975012e-10f, 4.08584e-10f,
	4.1719309e-10f, 4.2559822e-10f, 4.338176e-10f, 4.418672e-10f,
	4.497613e-10f, 4.5751258e-10f, 4.651324e-10f, 4.7263105e-10f,
	4.8001775e-10f, 4.87301e-10f, 4.944885e-10f, 5.015873e-10f,
	5.0860405e-10f, 5.155446e-10f, 5.2241467e-10f, 5.2921934e-10f,
	5.359635e-10f, 5.426517e-10f, 5.4928817e-10f, 5.5587696e-10f,
	5.624219e-10f, 5.6892646e-10f, 5.753941e-10f, 5.818282e-10f,
	5.882317e-10f, 5.946077e-10f, 6.00959e-10f, 6.072884e-10f,
	6.135985e-10f, 6.19892e-10f, 6.2617134e-10f, 6.3243905e-10f,
	6.386974e-10f, 6.449488e-10f, 6.511956e-10f, 6.5744005e-10f,
	6.6368433e-10f, 6.699307e-10f, 6.7618144e-10f, 6.824387e-10f,
	6.8870465e-10f, 6.949815e-10f, 7.012715e-10f, 7.075768e-10f,
	7.1389966e-10f, 7.202424e-10f, 7.266073e-10f, 7.329966e-10f,
	7.394128e-10f, 7.4585826e-10f, 7.5233547e-10f, 7.58847e-10f,
	7.653954e-10f, 7.719835e-10f, 7.7861395e-10f, 7.852897e-10f,
	7.920138e-10f, 7.987892e-10f, 8.0561924e-10f, 8.125073e-10f,
	8.194569e-10f, 8.2647167e-10f, 8.3355556e-10f, 8.407127e-10f,
	8.479473e-10f, 8.55264e-10f, 8.6266755e-10f, 8.7016316e-10f,
	8.777562e-10f, 8.8545243e-10f, 8.932582e-10f, 9.0117996e-10f,
	9.09225e-10f, 9.174008e-10f, 9.2571584e-10f, 9.341788e-10f,
	9.427997e-10f, 9.515889e-10f, 9.605579e-10f, 9.697193e-10f,
	9.790869e-10f, 9.88676e-10f, 9.985036e-10f, 1.0085882e-09f,
	1.0189509e-09f, 1.0296151e-09f, 1.0406069e-09f, 1.0519566e-09f,
	1.063698e-09f, 1.0758702e-09f, 1.0885183e-09f, 1.1016947e-09f,
	1.1154611e-09f, 1.1298902e-09f, 1.1450696e-09f, 1.1611052e-09f,
	1.1781276e-09f, 1.1962995e-09f, 1.2158287e-09f, 1.2369856e-09f,
	1.2601323e-09f, 1.2857697e-09f, 1.3146202e-09f, 1.347784e-09f,
	1.3870636e-09f, 1.4357403e-09f, 1.5008659e-09f, 1.6030948e-09f,
};
static double zigW64[128]; /* zigW widened, as sim/normal.go's zigW64 */

/* zigFast's draw; the floor ignores whether the first step decides. */
static inline double zigFast(uint64_t u)
{
	int32_t j = (int32_t)(uint32_t)u;
	return (double)j * zigW64[u >> 32 & 0x7f];
}

/* sim/exp.go; the constants are the bits of Go's (256/ln 2 etc.) */
#define EXP_BITS 8
#define EXP_N (1 << EXP_BITS)
static const double expInvLn2N = 0x1.71547652b82fep+08;
static const double expShift = 0x1.8p52;
static const double expLn2HiN = 0x1.62e42feep-09;
static const double expLn2LoN = 0x1.a39ef35793c76p-41;

/* expTab[j] is the bits of 2^(j/256), correctly rounded, less j << 44:
 * the numbers of sim/exp.go's expTab. */
static const uint64_t expTab[EXP_N] = {
	0x3ff0000000000000, 0x3feffb1afa5abcbf, 0x3feff63da9fb3335, 0x3feff168143b0281,
	0x3fefec9a3e778061, 0x3fefe7d42e11bbcc, 0x3fefe315e86e7f85, 0x3fefde5f72f654b1,
	0x3fefd9b0d3158574, 0x3fefd50a0e3c1f89, 0x3fefd06b29ddf6de, 0x3fefcbd42b72a836,
	0x3fefc74518759bc8, 0x3fefc2bdf66607e0, 0x3fefbe3ecac6f383, 0x3fefb9c79b1f3919,
	0x3fefb5586cf9890f, 0x3fefb0f145e46c85, 0x3fefac922b7247f7, 0x3fefa83b23395dec,
	0x3fefa3ec32d3d1a2, 0x3fef9fa55fdfa9c5, 0x3fef9b66affed31b, 0x3fef973028d7233e,
	0x3fef9301d0125b51, 0x3fef8edbab5e2ab6, 0x3fef8abdc06c31cc, 0x3fef86a814f204ab,
	0x3fef829aaea92de0, 0x3fef7e95934f312e, 0x3fef7a98c8a58e51, 0x3fef76a45471c3c2,
	0x3fef72b83c7d517b, 0x3fef6ed48695bbc0, 0x3fef6af9388c8dea, 0x3fef672658375d2f,
	0x3fef635beb6fcb75, 0x3fef5f99f8138a1c, 0x3fef5be084045cd4, 0x3fef582f95281c6b,
	0x3fef54873168b9aa, 0x3fef50e75eb44027, 0x3fef4d5022fcd91d, 0x3fef49c18438ce4d,
	0x3fef463b88628cd6, 0x3fef42be3578a819, 0x3fef3f49917ddc96, 0x3fef3bdda27912d1,
	0x3fef387a6e756238, 0x3fef351ffb82140a, 0x3fef31ce4fb2a63f, 0x3fef2e85711ece75,
	0x3fef2b4565e27cdd, 0x3fef280e341ddf29, 0x3fef24dfe1f56381, 0x3fef21ba7591bb70,
	0x3fef1e9df51fdee1, 0x3fef1b8a66d10f13, 0x3fef187fd0dad990, 0x3fef157e39771b2f,
	0x3fef1285a6e4030b, 0x3fef0f961f641589, 0x3fef0cafa93e2f56, 0x3fef09d24abd886b,
	0x3fef06fe0a31b715, 0x3fef0432edeeb2fd, 0x3fef0170fc4cd831, 0x3feefeb83ba8ea32,
	0x3feefc08b26416ff, 0x3feef96266e3fa2d, 0x3feef6c55f929ff1, 0x3feef431a2de883b,
	0x3feef1a7373aa9cb, 0x3feeef26231e754a, 0x3feeecae6d05d866, 0x3feeea401b7140ef,
	0x3feee7db34e59ff7, 0x3feee57fbfec6cf4, 0x3feee32dc313a8e5, 0x3feee0e544ede173,
	0x3feedea64c123422, 0x3feedc70df1c5175, 0x3feeda4504ac801c, 0x3feed822c367a024,
	0x3feed60a21f72e2a, 0x3feed3fb2709468a, 0x3feed1f5d950a897, 0x3feecffa3f84b9d4,
	0x3feece086061892d, 0x3feecc2042a7d232, 0x3feeca41ed1d0057, 0x3feec86d668b3237,
	0x3feec6a2b5c13cd0, 0x3feec4e1e192aed2, 0x3feec32af0d7d3de, 0x3feec17dea6db7d7,
	0x3feebfdad5362a27, 0x3feebe41b817c114, 0x3feebcb299fddd0d, 0x3feebb2d81d8abff,
	0x3feeb9b2769d2ca7, 0x3feeb8417f4531ee, 0x3feeb6daa2cf6642, 0x3feeb57de83f4eef,
	0x3feeb42b569d4f82, 0x3feeb2e2f4f6ad27, 0x3feeb1a4ca5d920f, 0x3feeb070dde910d2,
	0x3feeaf4736b527da, 0x3feeae27dbe2c4cf, 0x3feead12d497c7fd, 0x3feeac0827ff07cc,
	0x3feeab07dd485429, 0x3feeaa11fba87a03, 0x3feea9268a5946b7, 0x3feea84590998b93,
	0x3feea76f15ad2148, 0x3feea6a320dceb71, 0x3feea5e1b976dc09, 0x3feea52ae6cdf6f4,
	0x3feea47eb03a5585, 0x3feea3dd1d1929fd, 0x3feea34634ccc320, 0x3feea2b9febc8fb7,
	0x3feea23882552225, 0x3feea1c1c70833f6, 0x3feea155d44ca973, 0x3feea0f4b19e9538,
	0x3feea09e667f3bcd, 0x3feea052fa75173e, 0x3feea012750bdabf, 0x3fee9fdcddd47645,
	0x3fee9fb23c651a2f, 0x3fee9f9298593ae5, 0x3fee9f7df9519484, 0x3fee9f7466f42e87,
	0x3fee9f75e8ec5f74, 0x3fee9f8286ead08a, 0x3fee9f9a48a58174, 0x3fee9fbd35d7cbfd,
	0x3fee9feb564267c9, 0x3feea024b1ab6e09, 0x3feea0694fde5d3f, 0x3feea0b938ac1cf6,
	0x3feea11473eb0187, 0x3feea17b0976cfdb, 0x3feea1ed0130c132, 0x3feea26a62ff86f0,
	0x3feea2f336cf4e62, 0x3feea3878491c491, 0x3feea427543e1a12, 0x3feea4d2add106d9,
	0x3feea589994cce13, 0x3feea64c1eb941f7, 0x3feea71a4623c7ad, 0x3feea7f4179f5b21,
	0x3feea8d99b4492ed, 0x3feea9cad931a436, 0x3feeaac7d98a6699, 0x3feeabd0a478580f,
	0x3feeace5422aa0db, 0x3feeae05bad61778, 0x3feeaf3216b5448c, 0x3feeb06a5e0866d9,
	0x3feeb1ae99157736, 0x3feeb2fed0282c8a, 0x3feeb45b0b91ffc6, 0x3feeb5c353aa2fe2,
	0x3feeb737b0cdc5e5, 0x3feeb8b82b5f98e5, 0x3feeba44cbc8520f, 0x3feebbdd9a7670b3,
	0x3feebd829fde4e50, 0x3feebf33e47a22a2, 0x3feec0f170ca07ba, 0x3feec2bb4d53fe0d,
	0x3feec49182a3f090, 0x3feec674194bb8d5, 0x3feec86319e32323, 0x3feeca5e8d07f29e,
	0x3feecc667b5de565, 0x3feece7aed8eb8bb, 0x3feed09bec4a2d33, 0x3feed2c980460ad8,
	0x3feed503b23e255d, 0x3feed74a8af46052, 0x3feed99e1330b358, 0x3feedbfe53c12e59,
	0x3feede6b5579fdbf, 0x3feee0e521356eba, 0x3feee36bbfd3f37a, 0x3feee5ff3a3c2774,
	0x3feee89f995ad3ad, 0x3feeeb4ce622f2ff, 0x3feeee07298db666, 0x3feef0ce6c9a8952,
	0x3feef3a2b84f15fb, 0x3feef68415b749b1, 0x3feef9728de5593a, 0x3feefc6e29f1c52a,
	0x3feeff76f2fb5e47, 0x3fef028cf22749e4, 0x3fef05b030a1064a, 0x3fef08e0b79a6f1f,
	0x3fef0c1e904bc1d2, 0x3fef0f69c3f3a207, 0x3fef12c25bd71e09, 0x3fef16286141b33d,
	0x3fef199bdd85529c, 0x3fef1d1cd9fa652c, 0x3fef20ab5fffd07a, 0x3fef244778fafb22,
	0x3fef27f12e57d14b, 0x3fef2ba88988c933, 0x3fef2f6d9406e7b5, 0x3fef33405751c4db,
	0x3fef3720dcef9069, 0x3fef3b0f2e6d1675, 0x3fef3f0b555dc3fa, 0x3fef43155b5bab74,
	0x3fef472d4a07897c, 0x3fef4b532b08c968, 0x3fef4f87080d89f2, 0x3fef53c8eacaa1d6,
	0x3fef5818dcfba487, 0x3fef5c76e862e6d3, 0x3fef60e316c98398, 0x3fef655d71ff6075,
	0x3fef69e603db3285, 0x3fef6e7cd63a8315, 0x3fef7321f301b460, 0x3fef77d5641c0658,
	0x3fef7c97337b9b5f, 0x3fef81676b197d17, 0x3fef864614f5a129, 0x3fef8b333b16ee12,
	0x3fef902ee78b3ff6, 0x3fef953924676d76, 0x3fef9a51fbc74c83, 0x3fef9f7977cdb740,
	0x3fefa4afa2a490da, 0x3fefa9f4867cca6e, 0x3fefaf482d8e67f1, 0x3fefb4aaa2188510,
	0x3fefba1bee615a27, 0x3fefbf9c1cb6412a, 0x3fefc52b376bba97, 0x3fefcac948dd7274,
	0x3fefd0765b6e4540, 0x3fefd632798844f8, 0x3fefdbfdad9cbe14, 0x3fefe1d802243c89,
	0x3fefe7c1819e90d8, 0x3fefedba3692d514, 0x3feff3c22b8f71f1, 0x3feff9d96b2a23d9,
};

static inline double f64frombits(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }
static inline uint64_t f64bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }

/* expReduce: r returned, k in the low bits of *ki */
static inline double expReduce(double x, uint64_t *ki)
{
	double kd = x * expInvLn2N + expShift;
	*ki = f64bits(kd);
	kd -= expShift;
	return (x - kd * expLn2HiN) - kd * expLn2LoN;
}
static inline double expScale(double r, uint64_t ki)
{
	double r2 = r * r;
	double q = (0.5 + r * (1.0 / 6)) + r2 * (1.0 / 24);
	double p = r + r2 * q;
	double s = f64frombits(expTab[ki & (EXP_N - 1)] + (ki << (52 - EXP_BITS)));
	return s + s * p;
}
static inline double expRS(double x) { uint64_t ki; double r = expReduce(x, &ki); return expScale(r, ki); }
static double expG(double x);
static double expSlow(double x)
{
	if (x != x)
		return x;
	if (x > 710)
		return INFINITY;
	if (x < -746)
		return 0;
	double h = expG(x * 0.5);
	return h * h;
}
static double expG(double x)
{
	if (x > -708 && x < 709)
		return expRS(x);
	return expSlow(x);
}

/* The floor's 16-byte household, its state and sums (the YearStats fields
 * the Go loop adds to). */
typedef struct {
	uint8_t size, laborers, employed[3], flags, since, types; /* flags: 1 poor, 2 ever poor */
	double land;
} household;
typedef struct { int64_t households, people; } cell;

static household hh[N];
static double price[N / VILLAGE_SIZE];
static double income[NUM_COMPONENTS], cost[NUM_PROGRAMS], net_, cultivated, gapSum;
static cell cells[NUM_CELLS];
static int64_t spells[CELL_FORMERLY_POOR * DURS * NUM_SPELL_STATES];
static uint64_t pIll;
static int poor, ever;

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline uint8_t sat(uint8_t x) { return x < 255 ? x + 1 : x; }

static void setup(void)
{
	memset(hh, 0, sizeof hh);
	for (int i = 0; i < N; i++) {
		uint64_t x = mix((uint64_t)i + 1);
		uint64_t size = 1 + x % 5;
		hh[i].size = (uint8_t)size;
		hh[i].laborers = (uint8_t)(1 + (x >> 8) % (size < 3 ? size : 3));
		hh[i].land = 1 + 5 * unit(mix(x));
	}
	memset(price, 0, sizeof price);
	memset(income, 0, sizeof income);
	memset(cost, 0, sizeof cost);
	net_ = cultivated = gapSum = 0;
	memset(cells, 0, sizeof cells);
	memset(spells, 0, sizeof spells);
	pIll = below(0.08);
	poor = ever = 0;
}

/* year is floor.year of sim/floor_test.go. */
static void year(int level, int y)
{
	uint64_t yk = yearKey(1, y);
	for (int v = 0; v < N / VILLAGE_SIZE; v++) {
		double z = zigFast(mix(entityKey(yk, ENTITY_VILLAGE | (uint64_t)v)));
		price[v] = expG(0.15 * z);
	}
	double subsidy = 1200.0;
	if (y % 10 >= 5)
		subsidy = 600;
	int npoor = 0, never = 0;
	for (int i = 0; i < N; i++) {
		household *h = &hh[i];
		uint64_t key = entityKey(yk, (uint64_t)i);
		double wages = 0.0;
		int nm = imin(h->laborers, 3);
		for (int m = 0; m < nm; m++) {
			uint64_t s = seedOf(memberKey(key, m), PURPOSE_LABOR);
			double u = drawAt(s, 0);
			int was = h->employed[m];
			int now = (was & (u >= 0.15)) | ((was ^ 1) & (u < 0.85));
			h->employed[m] = (uint8_t)now;
			if (now != 0) {
				double z = zigFast(mix(s + GOLDEN + GOLDEN));
				wages += 14764.781565577 * expRS(0.5 * z);
			}
		}
		double medical = 0.0;
		uint64_t s = seedOf(key, PURPOSE_ILLNESS);
		if (drawBits(s, 0) < pIll) {
			double z = zigFast(mix(s + GOLDEN + GOLDEN));
			medical = expRS(8.5 + z);
		}
		double farm = h->land * 900 * price[i / VILLAGE_SIZE];
		double size = (double)h->size;
		double transfers = subsidy * size;
		double reimbursed = 0.6 * medical;
		double net = wages + farm + transfers + reimbursed + -medical;
		double pc = net / size;
		int pi = pc < 4000;
		if (level >= 1) {
			income[INC_WAGES] += wages;
			income[INC_FARM] += farm;
			income[INC_TRANSFERS] += transfers;
			income[INC_REIMBURSEMENT] += reimbursed;
			income[INC_MEDICAL] += -medical;
			net_ += net;
			cost[COST_SUBSIDY] += transfers;
			cost[COST_MEDICAL_INSURANCE] += reimbursed;
			cultivated += h->land;
			double gap = size * (4000 - (pc > 0 ? pc : 0)) / 4000; /* a negative income counts as 0 */
			gapSum += f64frombits(f64bits(gap) & -(uint64_t)pi);
		}
		int wi = h->flags & 1, ei = h->flags >> 1 & 1;
		if (level >= 2) {
			cell *cl = &cells[((unsigned)h->types | (unsigned)pi * CELL_POOR | (unsigned)ei * CELL_EVER_POOR | CELL_FORMERLY_POOR) % NUM_CELLS];
			cl->households++;
			cl->people += h->size;
			int dur = imin(h->since, DURS - 1);
			spells[(h->types * DURS + dur) * NUM_SPELL_STATES + wi * SPELL_WAS_POOR + pi * SPELL_POOR + SPELL_AT_RISK]++;
			int changed = pi ^ wi;
			h->since = (uint8_t)(changed | (changed ^ 1) * (int)sat(h->since));
		}
		h->flags = (uint8_t)((h->flags & 2) | pi * 3);
		npoor += pi;
		never += h->flags >> 1;
	}
	poor = npoor;
	ever = never;
}

static uint64_t fnv(uint64_t h, int64_t v) { return (h ^ (uint64_t)v) * 0x100000001b3u; }

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: floor LEVEL YEARS REPS\n");
		return 2;
	}
	const char *names[] = {"bare", "sums", "counts"};
	int level = -1;
	for (int l = 0; l < 3; l++)
		if (strcmp(argv[1], names[l]) == 0)
			level = l;
	if (level < 0)
		level = atoi(argv[1]);
	int years = atoi(argv[2]), reps = atoi(argv[3]);
	if (level < 0 || level > 2 || years < 1 || reps < 1) {
		fprintf(stderr, "usage: floor LEVEL YEARS REPS\n");
		return 2;
	}
	for (int l = 0; l < 128; l++)
		zigW64[l] = (double)zigW[l];
	double *ns = malloc(reps * sizeof *ns);
	int *pc = malloc(years * sizeof *pc), *ec = malloc(years * sizeof *ec);
	for (int r = 0; r < reps; r++) {
		setup();
		double t0 = now_ns();
		for (int y = 0; y < years; y++) {
			year(level, y);
			pc[y] = poor; /* two stores a year */
			ec[y] = ever;
		}
		ns[r] = (now_ns() - t0) / ((double)years * N);
	}
	qsort(ns, reps, sizeof *ns, cmp);
	printf("%s ns/household-year min %.2f median %.2f (%d reps of %d years)\n", names[level], ns[0], ns[reps / 2], reps, years);
	for (int y = 0; y < years; y++)
		printf("check year %d poor %d ever %d\n", y, pc[y], ec[y]);
	printf("check sums wages %016llx farm %016llx transfers %016llx reimbursed %016llx medical %016llx\n",
	       (unsigned long long)f64bits(income[INC_WAGES]), (unsigned long long)f64bits(income[INC_FARM]),
	       (unsigned long long)f64bits(income[INC_TRANSFERS]), (unsigned long long)f64bits(income[INC_REIMBURSEMENT]),
	       (unsigned long long)f64bits(income[INC_MEDICAL]));
	printf("check sums net %016llx subsidy %016llx insurance %016llx land %016llx gap %016llx\n",
	       (unsigned long long)f64bits(net_), (unsigned long long)f64bits(cost[COST_SUBSIDY]),
	       (unsigned long long)f64bits(cost[COST_MEDICAL_INSURANCE]), (unsigned long long)f64bits(cultivated),
	       (unsigned long long)f64bits(gapSum));
	uint64_t hc = 0xcbf29ce484222325u, hs = 0xcbf29ce484222325u;
	for (int k = 0; k < NUM_CELLS; k++)
		hc = fnv(fnv(hc, cells[k].households), cells[k].people);
	for (size_t k = 0; k < sizeof spells / sizeof spells[0]; k++)
		hs = fnv(hs, spells[k]);
	printf("check hash cells %016llx spells %016llx\n", (unsigned long long)hc, (unsigned long long)hs);
	return 0;
}
