// SPDX-License-Identifier: GPL-2.0-only
/*
 * vm-harness.c: hvd with its helper and real monitors for the VM tests
 * (vm-harness.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/vm/vm-harness.h"

const char *vmh_unusable(void)
{
	int fd;

	if (geteuid() != 0)
		return "the VM tests run as root (hvd starts its helper)";
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return "/dev/kvm cannot be opened";
	close(fd);
	return NULL;
}

static bool copy_monitor(const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(HV_VM_PATH, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0711);
	bool ok = in >= 0 && out >= 0;

	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n;
	if (in >= 0)
		close(in);
	if (out >= 0)
		ok = fchmod(out, 0711) == 0 && close(out) == 0 && ok;
	return ok;
}

static bool connect_clients(struct vmh *v)
{
	struct json_object *r;
	bool ok;

	if (!client_open(&v->c, v->p.sock) || !client_open(&v->ev, v->p.sock))
		return false;
	r = client_call(&v->ev, "{\"jsonrpc\":\"2.0\",\"method\":"
			"\"events.subscribe\",\"id\":0}\n");
	ok = r && reply_code(r) == 0;
	json_object_put(r);
	return ok;
}

bool vmh_start(struct vmh *v)
{
	FILE *f;

	memset(v, 0, sizeof(*v));
	v->c.fd = v->ev.fd = -1;
	if (!hvd_prepare(&v->p, "") || chmod(v->p.dir, 0711) < 0)
		return false;
	snprintf(v->monitor, sizeof(v->monitor), "%s/hv-vm", v->p.dir);
	snprintf(v->helper_sock, sizeof(v->helper_sock), "%s/helper.sock",
		 v->p.dir);
	f = fopen(v->p.conf, "w");
	if (!f)
		return false;
	fprintf(f, "user = %d\nmonitor_user = %d\nhelper_path = %s\n"
		"monitor_path = %s\nhelper_socket = %s\n", VMH_HVD_UID,
		VMH_VM_UID, HV_HELPER_PATH, v->monitor, v->helper_sock);
	if (fclose(f) != 0 || !copy_monitor(v->monitor))
		return false;
	return vmh_restart(v);
}

bool vmh_restart(struct vmh *v)
{
	client_close(&v->c);
	client_close(&v->ev);
	return hvd_start(&v->p) && connect_clients(v);
}

/* Every monitor started from this directory's hv-vm, by pid. */
static void kill_monitors(const struct vmh *v)
{
	char path[64], cmd[256];
	struct dirent *d;
	DIR *proc = opendir("/proc");
	int fd, pid;
	ssize_t n;

	while (proc && (d = readdir(proc))) {
		pid = atoi(d->d_name);
		if (pid <= 1)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, cmd, sizeof(cmd) - 1);
		close(fd);
		if (n > 0 && (cmd[n] = '\0', strcmp(cmd, v->monitor) == 0))
			kill(pid, SIGKILL);
	}
	if (proc)
		closedir(proc);
}

void vmh_cleanup(struct vmh *v)
{
	client_close(&v->c);
	client_close(&v->ev);
	kill_monitors(v);
	hvd_cleanup(&v->p);
}

struct json_object *vmh_call(struct vmh *v, const char *method,
			     const char *params)
{
	char *line;
	struct json_object *r;

	if (asprintf(&line, "{\"jsonrpc\":\"2.0\",\"method\":\"%s\",%s%s%s"
		     "\"id\":%lld}\n", method, *params ? "\"params\":" : "",
		     params, *params ? "," : "", ++v->id) < 0)
		return NULL;
	r = client_call(&v->c, line);
	free(line);
	return r;
}

bool vmh_create(struct vmh *v, const char *name, const char *guest,
		int memory_mib, const char *cmdline)
{
	char params[1024];
	struct json_object *r;
	bool ok;

	snprintf(params, sizeof(params), "{\"name\":\"%s\",\"memory_mib\":%d,"
		 "\"vcpus\":1,\"cmdline\":\"%s\",\"image\":{\"path\":"
		 "\"%s/%s.elf\",\"format\":\"multiboot\"}}", name, memory_mib,
		 cmdline, HV_GUESTS_DIR, guest);
	r = vmh_call(v, "vm.create", params);
	ok = r && reply_code(r) == 0;
	json_object_put(r);
	return ok;
}

bool vmh_wait_state(struct vmh *v, const char *name, const char *state,
		    int timeout_ms, char *seen, size_t len)
{
	long long deadline = now_ms() + timeout_ms;
	bool eof = false;

	while (now_ms() < deadline) {
		char *line = client_line(&v->ev, (int)(deadline - now_ms()),
					 &eof);
		struct json_object *msg, *params, *vm, *st;
		const char *ev;
		bool hit = false;

		if (!line)
			return false;
		msg = json_tokener_parse(line);
		free(line);
		if (json_object_object_get_ex(msg, "params", &params) &&
		    (ev = json_object_get_string(json_object_object_get(
				   params, "event"))) &&
		    strcmp(ev, "state") == 0 &&
		    json_object_object_get_ex(params, "vm", &vm) &&
		    json_object_object_get_ex(params, "state", &st) &&
		    strcmp(json_object_get_string(vm), name) == 0) {
			if (seen && strlen(seen) + 20 < len) {
				strcat(seen, json_object_get_string(st));
				strcat(seen, " ");
			}
			hit = strcmp(json_object_get_string(st), state) == 0;
		}
		json_object_put(msg);
		if (hit)
			return true;
	}
	return false;
}

const char *vmh_info(struct vmh *v, const char *name, const char *path)
{
	static char out[4096];
	char params[128], key[128], *k, *save = NULL;
	struct json_object *r, *o;

	snprintf(params, sizeof(params), "{\"name\":\"%s\"}", name);
	r = vmh_call(v, "vm.info", params);
	o = reply_result(r);
	snprintf(key, sizeof(key), "%s", path);
	for (k = strtok_r(key, ".", &save); o && k;
	     k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	snprintf(out, sizeof(out), "%s", o ? json_object_get_string(o) : "");
	json_object_put(r);
	return out;
}

const char *vmh_status(int pid, const char *key)
{
	static char out[256];
	char path[64], line[512];
	size_t klen = strlen(key);
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return out;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			snprintf(out, sizeof(out), "%s", line + klen + 2);
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	}
	fclose(f);
	return out;
}
