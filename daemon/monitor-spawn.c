// SPDX-License-Identifier: GPL-2.0-only
/*
 * monitor-spawn.c: gathering a monitor's fds and asking hvd-helper to
 * start it (monitor-spawn.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/fsutil.h"
#include "daemon/helper-link.h"
#include "daemon/monitor-spawn.h"
#include "proto/monitor-fds.h"

#define LISTEN_BACKLOG	8

void monitor_sock_path(const struct hvd *h, const char *vm, char *buf,
		       size_t len, bool dir_only)
{
	snprintf(buf, len, "%s/vms/%s%s", h->cfg.runtime_dir, vm,
		 dir_only ? "" : "/monitor.sock");
}

void monitor_sock_remove(const struct hvd *h, const char *vm)
{
	char path[4200];

	monitor_sock_path(h, vm, path, sizeof(path), false);
	unlink(path);
	monitor_sock_path(h, vm, path, sizeof(path), true);
	rmdir(path);
}

/* A listening socket at the VM's monitor.sock, or -1 with err. */
static int bind_socket(struct hvd *h, struct vm *vm, struct rpc_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[4200];
	int fd;

	monitor_sock_path(h, vm->name, dir, sizeof(dir), true);
	monitor_sock_path(h, vm->name, sa.sun_path, sizeof(sa.sun_path),
			  false);
	if (mkdir_p(dir, 0700) < 0)
		goto fail;
	unlink(sa.sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    listen(fd, LISTEN_BACKLOG) == 0)
		return fd;
	close(fd);
fail:
	rpc_error_set(err, RPC_ERR_IO_ERROR, "cannot make %s/monitor.sock: "
		      "%s", dir, strerror(errno));
	monitor_sock_remove(h, vm->name);
	return -1;
}

/* The monitor's definition (hvd's, image.path the copy) in a memfd. */
static int definition_fd(struct hvd *h, struct vm *vm,
			 struct rpc_error *err)
{
	struct json_object *def = NULL, *img;
	char path[4200];
	const char *text;
	int fd = memfd_create("hv-definition", MFD_CLOEXEC);

	if (fd < 0 || json_object_deep_copy(vm->def, &def, NULL) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/images/%s", h->cfg.state_dir,
		 vm->image.file);
	if (json_object_object_get_ex(def, "image", &img))
		json_object_object_add(img, "path",
				       json_object_new_string(path));
	text = json_object_to_json_string_ext(def, JSON_C_TO_STRING_PLAIN);
	if (write_all(fd, text, strlen(text)) < 0 ||
	    lseek(fd, 0, SEEK_SET) < 0)
		goto fail;
	json_object_put(def);
	return fd;
fail:
	rpc_error_set(err, RPC_ERR_INTERNAL, "cannot pass the definition "
		      "of '%s': %s", vm->name, strerror(errno));
	json_object_put(def);
	if (fd >= 0)
		close(fd);
	return -1;
}

static int console_fd(struct hvd *h, struct vm *vm, struct rpc_error *err)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s.console.log", h->cfg.log_dir,
		 vm->name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		rpc_error_set(err, RPC_ERR_IO_ERROR, "cannot open %s: %s",
			      path, strerror(errno));
	return fd;
}

static int image_fd(struct hvd *h, struct vm *vm, struct rpc_error *err)
{
	int fd = openat(h->reg.images_dirfd, vm->image.file,
			O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		rpc_error_set(err, RPC_ERR_IMAGE_ERROR, "image copy %s of "
			      "'%s': %s", vm->image.file, vm->name,
			      strerror(errno));
	return fd;
}

static const char *def_string(const struct vm *vm, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(vm->def, key, &v))
		return "";
	return json_object_get_string(v);
}

/* A device fd from the helper (open_accel or open_uffd); -1 with err. */
static int device_fd(struct hvd *h, struct vm *vm, unsigned int type,
		     struct rpc_error *err)
{
	struct hw_request req = { .type = type };
	struct hw_reply rep;
	int fd;

	strcpy(req.vm, vm->name);
	req.u.open_accel.accel = strcmp(def_string(vm, "accel"), "hv") ?
				 HW_ACCEL_KVM : HW_ACCEL_HV;
	if (helper_call(h, &req, NULL, 0, &rep, &fd, err) < 0)
		return -1;
	if (rep.status == 0 && fd >= 0)
		return fd;
	rpc_error_set(err, type == HW_OPEN_ACCEL ? RPC_ERR_NO_ACCELERATOR :
		      RPC_ERR_INTERNAL, "cannot start '%s': %s", vm->name,
		      rep.text[0] ? rep.text : strerror(-rep.status));
	if (fd >= 0)
		close(fd);
	return -1;
}

int monitor_spawn(struct hvd *h, struct vm *vm, pid_t *pid,
		  struct rpc_error *err)
{
	struct hw_request req = { .type = HW_SPAWN };
	int fds[HV_MFD_COUNT], pidfd = -1;
	unsigned int n = HV_MFD_COUNT - 1, i;
	struct hw_reply rep;
	struct json_object *v;

	for (i = 0; i < HV_MFD_COUNT; i++)
		fds[i] = -1;
	if ((fds[HV_MFD_ACCEL] = device_fd(h, vm, HW_OPEN_ACCEL, err)) < 0)
		goto out;
	if (strcmp(def_string(vm, "memory_backend"), "uffd") == 0) {
		n = HV_MFD_COUNT;
		fds[HV_MFD_UFFD_DEV] = device_fd(h, vm, HW_OPEN_UFFD, err);
		if (fds[HV_MFD_UFFD_DEV] < 0)
			goto out;
	}
	if ((fds[HV_MFD_DEFINITION] = definition_fd(h, vm, err)) < 0 ||
	    (fds[HV_MFD_CONSOLE] = console_fd(h, vm, err)) < 0 ||
	    (fds[HV_MFD_IMAGE] = image_fd(h, vm, err)) < 0 ||
	    (fds[HV_MFD_CONTROL] = bind_socket(h, vm, err)) < 0)
		goto out;
	strcpy(req.vm, vm->name);
	if (json_object_object_get_ex(vm->def, "memory_mib", &v))
		req.u.spawn.memory_mib = (uint64_t)json_object_get_int64(v);
	if (json_object_object_get_ex(vm->def, "vcpus", &v))
		req.u.spawn.vcpus = (uint32_t)json_object_get_int(v);
	req.u.spawn.nfds = n;
	if (helper_call(h, &req, fds, n, &rep, &pidfd, err) < 0)
		goto out;
	if (rep.status < 0 || pidfd < 0) {
		rpc_error_set(err, RPC_ERR_INTERNAL, "cannot start the "
			      "monitor of '%s': %s", vm->name, rep.text[0] ?
			      rep.text : strerror(-rep.status));
		if (pidfd >= 0)
			close(pidfd);
		pidfd = -1;
	}
	*pid = (pid_t)rep.value;
out:
	for (i = 0; i < HV_MFD_COUNT; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (pidfd < 0 && fds[HV_MFD_CONTROL] >= 0)
		monitor_sock_remove(h, vm->name);
	return pidfd;
}
