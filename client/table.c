// SPDX-License-Identifier: GPL-2.0-only
/*
 * table.c: hvctl's human output. Results are JSON; a table has one column
 * per key, in order of first appearance, so that whatever hvd returns is
 * shown without the client keeping a second list of fields.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "client/table.h"

struct table_row {
	char **cells;
	int ncells;
};

struct table {
	char **headers;
	int ncols;
	struct table_row *rows;
	int nrows;
};

struct table *table_new(void)
{
	return calloc(1, sizeof(struct table));
}

void table_free(struct table *t)
{
	int i, j;

	if (!t)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->headers[i]);
	free(t->headers);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].ncells; j++)
			free(t->rows[i].cells[j]);
		free(t->rows[i].cells);
	}
	free(t->rows);
	free(t);
}

int table_column(struct table *t, const char *header)
{
	char **headers;
	int i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->headers[i], header))
			return i;
	headers = realloc(t->headers, (t->ncols + 1) * sizeof(*headers));
	if (!headers)
		return -1;
	t->headers = headers;
	t->headers[t->ncols] = strdup(header);
	if (!t->headers[t->ncols])
		return -1;
	return t->ncols++;
}

int table_row(struct table *t)
{
	struct table_row *rows;

	rows = realloc(t->rows, (t->nrows + 1) * sizeof(*rows));
	if (!rows)
		return -1;
	t->rows = rows;
	t->rows[t->nrows].cells = NULL;
	t->rows[t->nrows].ncells = 0;
	t->nrows++;
	return 0;
}

/* The text of a scalar the way a person reads it; containers as JSON. */
static const char *cell_text(struct json_object *value)
{
	switch (json_object_get_type(value)) {
	case json_type_null:
		return "-";
	case json_type_boolean:
		return json_object_get_boolean(value) ? "yes" : "no";
	case json_type_string:
		/* An empty string is shown, unlike null ("-"). */
		return json_object_get_string_len(value) ?
			json_object_get_string(value) : "\"\"";
	default:
		return json_object_to_json_string_ext(value,
				JSON_C_TO_STRING_PLAIN |
				JSON_C_TO_STRING_NOSLASHESCAPE);
	}
}

static int table_set_text(struct table *t, int col, const char *s)
{
	struct table_row *row = &t->rows[t->nrows - 1];
	char *text;

	if (col >= row->ncells) {
		char **cells = realloc(row->cells, (col + 1) * sizeof(*cells));

		if (!cells)
			return -1;
		memset(cells + row->ncells, 0,
		       (col + 1 - row->ncells) * sizeof(*cells));
		row->cells = cells;
		row->ncells = col + 1;
	}
	text = strdup(s);
	if (!text)
		return -1;
	free(row->cells[col]);
	row->cells[col] = text;
	return 0;
}

int table_set(struct table *t, int col, struct json_object *value)
{
	if (col < 0)
		return -1;
	return table_set_text(t, col, cell_text(value));
}

static const char *cell_at(const struct table *t, int r, int c)
{
	if (c < t->rows[r].ncells && t->rows[r].cells[c])
		return t->rows[r].cells[c];
	return "-";
}

void table_print(const struct table *t, FILE *out)
{
	size_t *width;
	int r, c;

	if (!t->ncols)
		return;
	width = calloc(t->ncols, sizeof(*width));
	if (!width)
		return;
	for (c = 0; c < t->ncols; c++) {
		width[c] = strlen(t->headers[c]);
		for (r = 0; r < t->nrows; r++)
			if (strlen(cell_at(t, r, c)) > width[c])
				width[c] = strlen(cell_at(t, r, c));
	}
	for (r = -1; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = r < 0 ? t->headers[c] :
						cell_at(t, r, c);

			if (c == t->ncols - 1)
				fprintf(out, "%s\n", s);
			else
				fprintf(out, "%-*s  ", (int)width[c], s);
		}
	}
	free(width);
}

/* Adds the keys of obj to the current row, nested objects as "a.b". */
static int add_flat(struct table *t, const char *prefix,
		    struct json_object *obj, int upper)
{
	struct json_object_iterator it = json_object_iter_begin(obj);
	struct json_object_iterator end = json_object_iter_end(obj);

	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *key = json_object_iter_peek_name(&it);
		struct json_object *v = json_object_iter_peek_value(&it);
		char *name, *p;
		int col, ret;

		if (asprintf(&name, "%s%s%s", prefix, *prefix ? "." : "",
			     key) < 0)
			return -1;
		if (json_object_is_type(v, json_type_object)) {
			ret = add_flat(t, name, v, upper);
			free(name);
			if (ret)
				return ret;
			continue;
		}
		if (upper)
			for (p = name; *p; p++)
				*p = toupper((unsigned char)*p);
		col = table_column(t, name);
		free(name);
		if (col < 0 || table_set(t, col, v))
			return -1;
	}
	return 0;
}

int table_print_rows(struct json_object *array, FILE *out)
{
	struct table *t = table_new();
	size_t i, n;
	int ret = -1;

	if (!t)
		return -1;
	n = json_object_array_length(array);
	for (i = 0; i < n; i++) {
		struct json_object *el = json_object_array_get_idx(array, i);

		if (table_row(t))
			goto out;
		if (json_object_is_type(el, json_type_object)) {
			if (add_flat(t, "", el, 1))
				goto out;
		} else if (table_set(t, table_column(t, "VALUE"), el)) {
			goto out;
		}
	}
	table_print(t, out);
	ret = 0;
out:
	table_free(t);
	return ret;
}

int table_print_object(struct json_object *obj, const char *key_header,
		       const char *value_header, FILE *out)
{
	struct table *row_form = table_new();
	struct table *t = table_new();
	int ret = -1;
	int c;

	if (!row_form || !t || table_row(row_form) ||
	    add_flat(row_form, "", obj, 0))
		goto out;
	if (table_column(t, key_header) != 0 ||
	    table_column(t, value_header) != 1)
		goto out;
	/* The flattened object is one row; turn its columns into rows. */
	for (c = 0; c < row_form->ncols; c++) {
		if (table_row(t) ||
		    table_set_text(t, 0, row_form->headers[c]) ||
		    table_set_text(t, 1, cell_at(row_form, 0, c)))
			goto out;
	}
	table_print(t, out);
	ret = 0;
out:
	table_free(row_form);
	table_free(t);
	return ret;
}
