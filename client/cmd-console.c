// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-console.c: "hvctl console NAME": attaches to a running VM's serial
 * console (vm.console.attach) and follows its state (events.subscribe):
 * console.output bytes go to stdout, stdin's bytes go to the guest as
 * console.input notifications. On a terminal, stdin is put in raw mode
 * (restored at the end) and Ctrl-] detaches. The command ends when the
 * VM stops (exit status 0), on Ctrl-], or when hvd goes away (3); with
 * stdin not a terminal, its end only stops the input.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "client/call.h"
#include "client/hvctl.h"
#include "proto/base64.h"

#define DETACH_KEY	0x1d	/* Ctrl-] */

static struct termios saved;
static bool raw;

static void raw_on(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) < 0)
		return;
	t = saved;
	cfmakeraw(&t);
	raw = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
}

static void raw_off(void)
{
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	raw = false;
}

static void put_output(struct json_object *p)
{
	const char *data = json_object_get_string(json_object_object_get(p,
								       "data"));
	uint8_t buf[8192];
	ssize_t n;

	if (!data || strlen(data) > sizeof(buf) / 3 * 4 ||
	    (n = b64_decode(data, strlen(data), buf)) <= 0)
		return;
	if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
		return;	/* a closed stdout ends nothing */
}

/* Sends what stdin has; false at its end or on Ctrl-]. */
static bool send_input(struct hvctl_conn *c, const char *name, int *ret)
{
	uint8_t buf[HV_CONSOLE_INPUT_MAX];
	char text[HV_CONSOLE_INPUT_B64_MAX + 1];
	struct json_object *p;
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
	uint8_t *key;
	bool go_on = true;

	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	key = raw ? memchr(buf, DETACH_KEY, (size_t)n) : NULL;
	if (key) {
		n = key - buf;
		go_on = false;
	}
	if (n > 0) {
		b64_encode(buf, (size_t)n, text);
		p = json_object_new_object();
		json_object_object_add(p, "name", json_object_new_string(name));
		json_object_object_add(p, "data", json_object_new_string(text));
		*ret = conn_notify(c, "console.input", p);
	}
	return go_on && !*ret;
}

/* A notification: false when the VM's state says it is over. */
static bool handle(struct json_object *msg, struct json_object *p)
{
	const char *method = json_object_get_string(
		json_object_object_get(msg, "method"));
	const char *state = json_object_get_string(
		json_object_object_get(p, "state"));

	if (method && strcmp(method, "console.output") == 0)
		put_output(p);
	return !(method && strcmp(method, "event") == 0 && state &&
		 (strcmp(state, "stopped") == 0 ||
		  strcmp(state, "crashed") == 0));
}

static int follow(struct hvctl_conn *c, const char *name)
{
	struct pollfd p[2] = {
		{ .fd = c->sock, .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};
	struct json_object *msg, *params;
	int ret = HVCTL_OK;

	for (;;) {
		if (!conn_buffered(c) &&
		    poll(p, p[1].fd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return HVCTL_EXIT_CONNECT;
		}
		if (p[1].fd >= 0 && p[1].revents) {
			if (!send_input(c, name, &ret)) {
				if (ret || raw)
					return ret;	/* Ctrl-] */
				p[1].fd = -1;	/* stdin ended */
			}
		}
		if (conn_buffered(c) || p[0].revents) {
			ret = conn_next_notification(c, &msg, &params);
			if (ret)
				return ret;
			if (!handle(msg, params)) {
				json_object_put(msg);
				return HVCTL_OK;
			}
			json_object_put(msg);
		}
	}
}

int cmd_console(const struct hvctl_opts *o, const struct hvctl_command *cmd,
		int argc, char **argv)
{
	struct json_object *params, *sub, *reply, *result;
	struct hvctl_conn c;
	const char *name;
	int ret;

	ret = conn_open_command(&c, o, cmd, argc, argv, &params);
	if (ret)
		return ret;
	name = json_object_get_string(json_object_object_get(params, "name"));
	sub = json_object_new_object();
	json_object_object_add(sub, "name", json_object_new_string(name));
	ret = conn_call(&c, "events.subscribe", sub, -1, &reply, &result);
	json_object_put(reply);
	if (!ret)
		ret = conn_call(&c, hvctl_command_method(cmd)->name,
				json_object_get(params), -1, &reply, &result);
	if (ret)
		goto out;
	json_object_put(reply);
	if (isatty(STDIN_FILENO))
		fprintf(stderr, "hvctl: attached to %s's console; Ctrl-] "
			"detaches\r\n", name);
	raw_on();
	ret = follow(&c, name);
	raw_off();
out:
	json_object_put(params);
	conn_close(&c);
	return ret;
}
