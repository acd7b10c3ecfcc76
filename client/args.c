// SPDX-License-Identifier: GPL-2.0-only
/*
 * args.c: turns a method's parameter schema (proto/rpc-methods.c) into a
 * command line: options, the positional NAME, local validation with the
 * same checks hvd makes, and help text. Only the spelling of a few options
 * is hvctl's own (the table below); everything else comes from the schema,
 * so the client cannot drift from the daemon.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/args.h"

#define ARGS_MAX	32
#define OPT_BASE	256

enum arg_flags {
	ARG_POSITIONAL	= 1 << 0,	/* the NAME operand */
	ARG_HIDDEN	= 1 << 1,	/* set by hvctl, not the user */
	ARG_FILE	= 1 << 2,	/* a path: made absolute */
	ARG_SEND_FD	= 1 << 3,	/* a path hvctl opens and sends */
};

/* Where hvctl spells a parameter differently from its schema name. */
static const struct {
	const char *path;
	const char *option;	/* NULL: the default spelling */
	unsigned int flags;
} spellings[] = {
	{ "memory_mib", "memory", 0 },
	{ "image.path", "image", 0 },
	{ "image.format", "format", 0 },
	{ "initrd", NULL, ARG_FILE },
};

struct arg {
	char path[64];		/* "image.path" */
	char option[64];	/* "image" (without "--") */
	char metavar[64];	/* "PATH" */
	const struct rpc_param *p;
	unsigned int flags;
};

static const struct rpc_param *field(const struct rpc_param *list,
				     const char *name)
{
	for (; list && list->name; list++)
		if (!strcmp(list->name, name))
			return list;
	return NULL;
}

static void spell(struct arg *a)
{
	const char *last = strrchr(a->path, '.');
	char *s;
	size_t i;

	snprintf(a->option, sizeof(a->option), "%s", a->path);
	for (s = a->option; *s; s++)
		if (*s == '_' || *s == '.')
			*s = '-';
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		if (strcmp(spellings[i].path, a->path))
			continue;
		if (spellings[i].option)
			snprintf(a->option, sizeof(a->option), "%s",
				 spellings[i].option);
		a->flags |= spellings[i].flags;
	}
	snprintf(a->metavar, sizeof(a->metavar), "%s",
		 last ? last + 1 : a->path);
	for (s = a->metavar; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

/* Flattens the schema into args[], members of objects as "obj.member". */
static int collect(const struct rpc_param *list, const char *prefix,
		   struct arg *args, int n)
{
	for (; list && list->name && n < ARGS_MAX; list++) {
		struct arg *a = &args[n];

		if (list->type == RPC_TYPE_OBJECT) {
			char sub[64];

			snprintf(sub, sizeof(sub), "%s%s.", prefix, list->name);
			n = collect(list->fields, sub, args, n);
			continue;
		}
		memset(a, 0, sizeof(*a));
		snprintf(a->path, sizeof(a->path), "%s%s", prefix, list->name);
		a->p = list;
		spell(a);
		if (!*prefix && !strcmp(list->name, "name")) {
			a->flags |= ARG_POSITIONAL;
			snprintf(a->metavar, sizeof(a->metavar), "NAME");
		}
		n++;
	}
	return n;
}

/*
 * An object parameter with a string "path" and a boolean "fd" is a file
 * hvctl opens itself and sends along (SCM_RIGHTS): "fd" is then hvctl's to
 * set, and "path" is opened.
 */
static void mark_fd_passing(const struct rpc_param *list, struct arg *args,
			    int n)
{
	for (; list && list->name; list++) {
		const struct rpc_param *path, *fd;
		char want[64];
		int i;

		if (list->type != RPC_TYPE_OBJECT)
			continue;
		path = field(list->fields, "path");
		fd = field(list->fields, "fd");
		if (!path || !fd || fd->type != RPC_TYPE_BOOL)
			continue;
		for (i = 0; i < n; i++) {
			snprintf(want, sizeof(want), "%s.fd", list->name);
			if (!strcmp(args[i].path, want))
				args[i].flags |= ARG_HIDDEN;
			snprintf(want, sizeof(want), "%s.path", list->name);
			if (!strcmp(args[i].path, want))
				args[i].flags |= ARG_SEND_FD;
		}
	}
}

static int args_of(const struct rpc_method *m, struct arg *args)
{
	int n = collect(m->params, "", args, 0);

	mark_fd_passing(m->params, args, n);
	return n;
}

/* Sets params[path] (creating intermediate objects); takes value. */
static void set_path(struct json_object *params, const char *path,
		     struct json_object *value)
{
	const char *dot = strchr(path, '.');
	struct json_object *sub;
	char head[64];

	if (!dot) {
		json_object_object_add(params, path, value);
		return;
	}
	snprintf(head, sizeof(head), "%.*s", (int)(dot - path), path);
	if (!json_object_object_get_ex(params, head, &sub)) {
		sub = json_object_new_object();
		json_object_object_add(params, head, sub);
	}
	set_path(sub, dot + 1, value);
}

static int usage_error(const struct hvctl_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(const struct hvctl_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hvctl %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'hvctl help %s'.\n", cmd->name);
	return HVCTL_EXIT_USAGE;
}

/* The absolute form of path (malloc'd), without resolving links. */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX];
	char *out;

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return strdup(path);
	if (asprintf(&out, "%s/%s", cwd, path) < 0)
		return NULL;
	return out;
}

/* Converts one option's text to the parameter's JSON value. */
static int value_of(const struct hvctl_command *cmd, const struct arg *a,
		    const char *text, int *fd, struct json_object **out)
{
	char *end, *path;
	long long v;

	*out = NULL;
	if (a->p->type == RPC_TYPE_INT) {
		errno = 0;
		v = strtoll(text, &end, 10);
		if (errno || end == text || *end)
			return usage_error(cmd, "--%s: not an integer: '%s'",
					   a->option, text);
		*out = json_object_new_int64(v);
		return HVCTL_OK;
	}
	if (!(a->flags & (ARG_FILE | ARG_SEND_FD))) {
		*out = json_object_new_string(text);
		return HVCTL_OK;
	}
	if (a->flags & ARG_SEND_FD) {
		if (*fd >= 0)
			close(*fd);
		*fd = open(text, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (*fd < 0)
			return usage_error(cmd, "--%s: cannot open '%s': %s",
					   a->option, text, strerror(errno));
	}
	path = absolute(text);
	if (!path)
		return usage_error(cmd, "out of memory");
	*out = json_object_new_string(path);
	free(path);
	return HVCTL_OK;
}

static const struct arg *arg_by_path(const struct arg *args, int n,
				     const char *path)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(args[i].path, path))
			return &args[i];
	return NULL;
}

static int parse_options(const struct hvctl_command *cmd, struct arg *args,
			 int n, int argc, char **argv,
			 struct json_object *params, int *fd)
{
	/*
	 * Each option twice (--x and --no-x for booleans) plus --help; an
	 * option's value is OPT_BASE + 2 * arg (+ 1 for --no-x), clear of
	 * the characters getopt returns itself.
	 */
	struct option opts[2 * ARGS_MAX + 2];
	char names[ARGS_MAX][68];
	int nopts = 0, i, c, ret;

	for (i = 0; i < n; i++) {
		if (args[i].flags & (ARG_POSITIONAL | ARG_HIDDEN))
			continue;
		opts[nopts++] = (struct option){ args[i].option,
			args[i].p->type == RPC_TYPE_BOOL ? no_argument :
			required_argument, NULL, OPT_BASE + 2 * i };
		if (args[i].p->type != RPC_TYPE_BOOL)
			continue;
		snprintf(names[i], sizeof(names[i]), "no-%s", args[i].option);
		opts[nopts++] = (struct option){ names[i], no_argument, NULL,
						 OPT_BASE + 2 * i + 1 };
	}
	opts[nopts++] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[nopts] = (struct option){ 0 };

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		struct json_object *v;
		const struct arg *a;

		if (c == 'h') {
			hvctl_command_usage(cmd, stdout);
			return -1;
		}
		if (c == ':')
			return usage_error(cmd, "%s needs a value",
					   argv[optind - 1]);
		if (c == '?')
			return usage_error(cmd, "unknown option '%s'",
					   argv[optind - 1]);
		a = &args[(c - OPT_BASE) / 2];
		if (a->p->type == RPC_TYPE_BOOL) {
			v = json_object_new_boolean(!((c - OPT_BASE) & 1));
		} else {
			ret = value_of(cmd, a, optarg, fd, &v);
			if (ret)
				return ret;
		}
		set_path(params, a->path, v);
		if (a->flags & ARG_SEND_FD) {
			char fdpath[64];

			snprintf(fdpath, sizeof(fdpath), "%.*s.fd",
				 (int)(strrchr(a->path, '.') - a->path),
				 a->path);
			set_path(params, fdpath, json_object_new_boolean(1));
		}
	}
	return HVCTL_OK;
}

int args_parse(const struct hvctl_command *cmd, int argc, char **argv,
	       struct json_object **params, int *fd)
{
	const struct rpc_method *m = hvctl_command_method(cmd);
	struct arg args[ARGS_MAX];
	const struct arg *a;
	struct rpc_error err;
	int n, ret, i;

	*fd = -1;
	*params = json_object_new_object();
	n = args_of(m, args);
	ret = parse_options(cmd, args, n, argc, argv, *params, fd);
	if (ret)
		goto fail;
	for (i = 0; i < n && optind < argc; i++) {
		if (!(args[i].flags & ARG_POSITIONAL))
			continue;
		set_path(*params, args[i].path,
			 json_object_new_string(argv[optind++]));
	}
	if (optind < argc) {
		ret = usage_error(cmd, "unexpected argument '%s'",
				  argv[optind]);
		goto fail;
	}
	if (!rpc_params_check(m, *params, &err)) {
		a = arg_by_path(args, n, err.param);
		if (a && (a->flags & ARG_POSITIONAL))
			ret = usage_error(cmd, "NAME: %s", err.message);
		else if (a)
			ret = usage_error(cmd, "--%s: %s", a->option,
					  err.message);
		else
			ret = usage_error(cmd, "%s", err.message);
		goto fail;
	}
	return HVCTL_OK;
fail:
	json_object_put(*params);
	*params = NULL;
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return ret;
}

void args_synopsis(const struct rpc_method *m, FILE *out, int column)
{
	struct arg args[ARGS_MAX];
	int n = args_of(m, args), i;

	for (i = 0; i < n; i++) {
		const struct arg *a = &args[i];
		bool opt = !a->p->required;
		char word[160];
		int len;

		if (a->flags & ARG_HIDDEN)
			continue;
		if (a->flags & ARG_POSITIONAL)
			len = snprintf(word, sizeof(word), "%s", a->metavar);
		else if (a->p->type == RPC_TYPE_BOOL)
			len = snprintf(word, sizeof(word), "--%s", a->option);
		else
			len = snprintf(word, sizeof(word), "--%s %s",
				       a->option, a->metavar);
		len += opt ? 3 : 1;
		if (column + len > 79) {
			fputs("\n       ", out);
			column = 7;
		}
		fprintf(out, opt ? " [%s]" : " %s", word);
		column += len;
	}
}

/* The constraints of a parameter as one phrase ("integer 1..256"). */
static void constraints(const struct arg *a, FILE *out)
{
	const struct rpc_param *p = a->p;
	const char *const *c;

	switch (p->type) {
	case RPC_TYPE_INT:
		fprintf(out, "integer %lld..%lld", p->min, p->max);
		break;
	case RPC_TYPE_BOOL:
		fputs("boolean", out);
		break;
	case RPC_TYPE_STRING:
		if (p->choices) {
			fputs("one of:", out);
			for (c = p->choices; *c; c++)
				fprintf(out, " %s", *c);
			break;
		}
		fprintf(out, "%lld..%lld bytes", p->min, p->max);
		if (p->charset)
			fprintf(out, " of [%s]", p->charset);
		if (a->flags & ARG_SEND_FD)
			fputs(", opened by hvctl and sent", out);
		break;
	case RPC_TYPE_OBJECT:
		break;
	}
	if (p->required)
		fputs("; required", out);
}

void args_describe(const struct rpc_method *m, FILE *out)
{
	struct arg args[ARGS_MAX];
	int n = args_of(m, args), i;

	for (i = 0; i < n; i++) {
		const struct arg *a = &args[i];

		if (a->flags & ARG_HIDDEN)
			continue;
		if (a->flags & ARG_POSITIONAL)
			fprintf(out, "  %s\n", a->metavar);
		else if (a->p->type == RPC_TYPE_BOOL)
			fprintf(out, "  --%s, --no-%s\n", a->option, a->option);
		else
			fprintf(out, "  --%s %s\n", a->option, a->metavar);
		fprintf(out, "      %s\n      %s: ", a->p->summary, a->path);
		constraints(a, out);
		fputc('\n', out);
	}
}
