// SPDX-License-Identifier: GPL-2.0-only
/*
 * client-table.c: hvctl's human output (client/table.c): columns in order
 * of first appearance, nested objects flattened, missing cells and null
 * as "-", empty strings visible, alignment exact. This is how "hvctl
 * stats" shows whatever counters hvd returns.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "client/table.h"

/* What fn prints for the JSON text in. */
static char *render(const char *in, bool rows)
{
	struct json_object *o = json_tokener_parse(in);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert(o && f);
	if (rows)
		cr_assert_eq(table_print_rows(o, f), 0);
	else
		cr_assert_eq(table_print_object(o, "KEY", "VALUE", f), 0);
	fclose(f);
	json_object_put(o);
	return out;
}

Test(table, rows_take_the_union_of_keys_in_order)
{
	char *out = render("[{\"name\":\"a\",\"state\":\"running\",\"mem\":64},"
			   "{\"name\":\"longer-name\",\"state\":\"defined\","
			   "\"extra\":true,\"img\":{\"format\":\"elf\"}}]",
			   true);

	cr_expect_str_eq(out,
		"NAME         STATE    MEM  EXTRA  IMG.FORMAT\n"
		"a            running  64   -      -\n"
		"longer-name  defined  -    yes    elf\n");
	free(out);
}

Test(table, object_as_key_value_rows)
{
	char *out = render("{\"exits\":12,\"mmu\":{\"faults\":3,\"last\":null},"
			   "\"cmdline\":\"\",\"dev\":[\"/dev/kvm\"],"
			   "\"on\":false}", false);

	cr_expect_str_eq(out,
		"KEY         VALUE\n"
		"exits       12\n"
		"mmu.faults  3\n"
		"mmu.last    -\n"
		"cmdline     \"\"\n"
		"dev         [\"/dev/kvm\"]\n"
		"on          no\n");
	free(out);
}

Test(table, empty_input_prints_nothing_or_a_header)
{
	char *out = render("[]", true);

	cr_expect_str_eq(out, "");
	free(out);
	out = render("{}", false);
	cr_expect_str_eq(out, "KEY  VALUE\n");
	free(out);
}
