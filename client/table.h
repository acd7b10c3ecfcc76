/* SPDX-License-Identifier: GPL-2.0-only */
/* table.h: hvctl's human output: JSON results as aligned text tables. */
#ifndef HV_CLIENT_TABLE_H
#define HV_CLIENT_TABLE_H

#include <stdio.h>
#include <json-c/json.h>

struct table;

struct table *table_new(void);
void table_free(struct table *t);
/* Adds a column (if new) and returns its index, or -1 on allocation error. */
int table_column(struct table *t, const char *header);
/* Starts a new, empty row; -1 on allocation error. */
int table_row(struct table *t);
/* Sets a cell of the current row to the text of a JSON value. */
int table_set(struct table *t, int col, struct json_object *value);
void table_print(const struct table *t, FILE *out);

/* An array of objects: one row per element, one column per key (nested
 * objects flattened as "a.b"), in order of first appearance. */
int table_print_rows(struct json_object *array, FILE *out);
/* An object: a two-column table of its keys (flattened) and values. */
int table_print_object(struct json_object *obj, const char *key_header,
		       const char *value_header, FILE *out);

#endif
