// SPDX-License-Identifier: GPL-2.0-only
// cmdline.c: key=value parameters from the multiboot command line. Words
// without '=' (the boot loader's image name) are ignored.
#include <stdbool.h>
#include <stddef.h>
#include "cmdline.h"

#define WORD_MAX	64

static bool parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static bool has_eq(const char *s, size_t n)
{
	while (n--)
		if (*s++ == '=')
			return true;
	return false;
}

static void apply(char *word, const struct guest_param *params)
{
	const struct guest_param *p;
	char *value = word;
	uint64_t v;

	while (*value != '=')
		value++;
	*value++ = '\0';
	for (p = params; p->key; p++)
		if (str_eq(p->key, word))
			break;
	if (!p->key)
		guest_fail(GUEST_BAD_PARAM, "badparam key=%s reason=unknown",
			   word);
	if (!parse_u64(value, &v))
		guest_fail(GUEST_BAD_PARAM,
			   "badparam key=%s reason=not-a-number", word);
	if (v < p->min || v > p->max)
		guest_fail(GUEST_BAD_PARAM,
			   "badparam key=%s value=%lu min=%lu max=%lu", word,
			   v, p->min, p->max);
	*p->value = v;
}

void cmdline_parse(const char *line, const struct guest_param *params)
{
	while (*line) {
		char word[WORD_MAX];
		size_t n = 0, i;

		while (*line == ' ' || *line == '\t')
			line++;
		while (line[n] && line[n] != ' ' && line[n] != '\t')
			n++;
		if (has_eq(line, n)) {
			if (n >= WORD_MAX)
				guest_fail(GUEST_BAD_PARAM,
					   "badparam reason=word-too-long");
			for (i = 0; i < n; i++)
				word[i] = line[i];
			word[n] = '\0';
			apply(word, params);
		}
		line += n;
	}
}
