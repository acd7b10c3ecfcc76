// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-kmod.c: the recorder of "make bench-kmod". Reads the run times
 * the emulated machine's "bench" group produced (emu-check-kmod.sh's TSV:
 * hypervisor, mode, guest, run_ns, wall_ms; one line per run), prints the
 * medians with their spread, and records hv.ko against kvm-amd per guest
 * and mode, and each hv.ko module parameter on against off, through
 * tests/bench/report.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/bench/report.h"

#define MAX_SETS 64
#define MAX_RUNS 16

/* The runs of one hypervisor (or "hv:PARAM=0"), mode and guest. */
struct run_set {
	char hyp[32];
	char mode[16];
	char guest[16];
	double ms[MAX_RUNS];
	int n;
};

/*
 * Each parameter's own workload; hv.ko with it off is "hv:PARAM=0", with
 * it on "hv:PARAM=1" where the bench ran that workload with its own
 * arguments, else hv.ko's defaults ("hv", every parameter on).
 */
static const struct param_bench {
	const char *param;
	const char *mode;
	const char *guest;
	const char *skip;	/* why there is no figure */
} params[] = {
	{ "fast_pf", "npt", "dirty", NULL },
	{ "shadow_cache", "shadow", "memtouch", NULL },
	{ "bypass", "shadow", "demand", NULL },
	{ "async_pf", NULL, NULL,
	  "apf is no fixed workload (65 to 512 uffd pages a run)" },
};

static struct run_set sets[MAX_SETS];
static int nsets;

static struct run_set *find(const char *hyp, const char *mode,
			    const char *guest)
{
	for (int i = 0; i < nsets; i++)
		if (!strcmp(sets[i].hyp, hyp) &&
		    !strcmp(sets[i].mode, mode) &&
		    !strcmp(sets[i].guest, guest))
			return &sets[i];
	return NULL;
}

/* One TSV line into its set; false (with a message) on bad input. */
static bool add_line(const char *line, int lineno)
{
	char hyp[32], mode[16], guest[16];
	unsigned long long ns, wall;
	struct run_set *s;

	if (sscanf(line, "%31[^\t]\t%15[^\t]\t%15[^\t]\t%llu\t%llu",
		   hyp, mode, guest, &ns, &wall) != 5 || ns == 0) {
		fprintf(stderr, "bench-kmod: line %d: bad run: %s", lineno,
			line);
		return false;
	}
	s = find(hyp, mode, guest);
	if (!s) {
		if (nsets == MAX_SETS) {
			fprintf(stderr, "bench-kmod: more than %d sets\n",
				MAX_SETS);
			return false;
		}
		s = &sets[nsets++];
		strcpy(s->hyp, hyp);
		strcpy(s->mode, mode);
		strcpy(s->guest, guest);
	}
	if (s->n == MAX_RUNS) {
		fprintf(stderr, "bench-kmod: line %d: more than %d runs\n",
			lineno, MAX_RUNS);
		return false;
	}
	s->ms[s->n++] = ns / 1e6;
	return true;
}

static bool load(const char *path)
{
	char line[256];
	int lineno = 0;
	bool ok = true;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return false;
	}
	while (ok && fgets(line, sizeof(line), f)) {
		lineno++;
		if (lineno > 1)	/* the header */
			ok = add_line(line, lineno);
	}
	fclose(f);
	return ok;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts the runs; the median's value. */
static double median(struct run_set *s)
{
	qsort(s->ms, s->n, sizeof(s->ms[0]), cmp_double);
	return s->n % 2 ? s->ms[s->n / 2] :
		(s->ms[s->n / 2 - 1] + s->ms[s->n / 2]) / 2;
}

/* (max - min) / median in percent: the run-to-run spread. */
static double spread(struct run_set *s)
{
	double m = median(s);

	return m > 0 ? (s->ms[s->n - 1] - s->ms[0]) / m * 100 : 0;
}

static struct run_set *need(const char *hyp, const char *mode,
			    const char *guest)
{
	struct run_set *s = find(hyp, mode, guest);

	if (!s)
		fprintf(stderr, "bench-kmod: no runs of %s.%s.%s\n", hyp,
			mode, guest);
	return s;
}

/* hv.ko against kvm-amd: one line and one figure per guest and mode. */
static bool hv_vs_kvm(void)
{
	bool ok = true;
	char name[96];

	printf("%-9s %-6s %3s %12s %7s %12s %7s %7s\n", "guest", "mode", "n",
	       "hv.ko ms", "spread", "kvm-amd ms", "spread", "kvm/hv");
	for (int i = 0; i < nsets; i++) {
		struct run_set *hv = &sets[i], *kvm;

		if (strcmp(hv->hyp, "hv"))
			continue;
		kvm = need("kvm-amd", hv->mode, hv->guest);
		if (!kvm) {
			ok = false;
			continue;
		}
		printf("%-9s %-6s %3d %12.3f %6.1f%% %12.3f %6.1f%% %7.3f\n",
		       hv->guest, hv->mode, hv->n, median(hv), spread(hv),
		       median(kvm), spread(kvm), median(kvm) / median(hv));
		snprintf(name, sizeof(name), "kmod.%s.%s.hv_vs_kvm_ratio",
			 hv->guest, hv->mode);
		bench_record_vs(name, median(hv), median(kvm), "ms",
				BENCH_LOWER_IS_BETTER);
	}
	return ok;
}

/* Each module parameter on (hv.ko's defaults) against off. */
static bool on_vs_off(void)
{
	bool ok = true;
	char hyp[48], name[96];

	printf("\n%-13s %-6s %-9s %10s %7s %10s %7s %7s\n", "param", "mode",
	       "guest", "on ms", "spread", "off ms", "spread", "off/on");
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		const struct param_bench *p = &params[i];
		struct run_set *on, *off;

		if (p->skip) {
			printf("%-13s skipped: %s\n", p->param, p->skip);
			continue;
		}
		snprintf(hyp, sizeof(hyp), "hv:%s=1", p->param);
		on = find(hyp, p->mode, p->guest);
		if (!on)
			on = need("hv", p->mode, p->guest);
		snprintf(hyp, sizeof(hyp), "hv:%s=0", p->param);
		off = need(hyp, p->mode, p->guest);
		if (!on || !off) {
			ok = false;
			continue;
		}
		printf("%-13s %-6s %-9s %10.3f %6.1f%% %10.3f %6.1f%% %7.3f\n",
		       p->param, p->mode, p->guest, median(on), spread(on),
		       median(off), spread(off), median(off) / median(on));
		snprintf(name, sizeof(name), "kmod.%s.on_vs_off_ratio",
			 p->param);
		bench_record_vs(name, median(on), median(off), "ms",
				BENCH_LOWER_IS_BETTER);
	}
	return ok;
}

int main(int argc, char **argv)
{
	bool ok;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-kmod TIMES.tsv\n");
		return 2;
	}
	if (!load(argv[1]))
		return 1;
	printf("guest run time (run_ns, median), hv.ko vs kvm-amd, "
	       "QEMU TCG -smp 1 -icount shift=0\n");
	ok = hv_vs_kvm();
	ok = on_vs_off() && ok;
	if (!bench_report_write()) {
		fprintf(stderr, "bench-kmod: cannot write the results\n");
		return 1;
	}
	return ok ? 0 : 1;
}
