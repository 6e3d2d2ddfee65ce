/*
 * connect_scan.c: the TCP connect scanner's inner loop as a small N-API addon (see docs/adr/0003-scan-engine.md).
 * Same semantics as connect-loop.ts, without a JS object, promise or timer per connection: one epoll
 * loop on a libuv worker thread, non-blocking connect(), SO_ERROR on writability, close with SO_LINGER 0
 * (RST, no TIME_WAIT) right after the handshake. Nothing but SYN and RST goes on the wire here.
 * Per-host and global caps, a token-bucket rate, RFC 6298 RTT-adaptive timeouts with retries, host
 * discovery on ping ports, a self-connect guard (a socket connected to itself is not "open") and
 * cancellation through a shared Int32Array flag polled every loop turn.
 *
 * scan(ips: Uint32Array (host order), ports: Uint16Array, ping: Uint16Array, opts: Float64Array[10], cancel: Int32Array)
 *   opts = [concurrency, perHost, rate, tInitial, tMin, tMax, retries, hostGapMs, 0, 0]
 *   → Promise<{ results: Int32Array (host, port, code)*, alive: Uint8Array, done: Uint8Array, stats: Float64Array[5] }>
 *   code: 1 open, 2 closed (refused), 3 filtered (silent/unreachable), 4 closed (self-connect)
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct { uint16_t port; uint8_t attempt, report, discovery; } task_t;

typedef struct {
  uint32_t ip;
  task_t *tasks; int ntasks, next;
  task_t *retries; int nretries, capretries;
  int active, discovery_left, alive, done; /* alive: -1 unknown, 0 no, 1 yes */
  double available_at;
} host_t;

typedef struct { int fd; int host; task_t task; double started, deadline; } slot_t;

typedef struct {
  uint32_t *ips; int nhosts; uint16_t *ports; int nports; uint16_t *ping; int nping;
  double concurrency, per_host, rate, t_init, t_min, t_max, retries, gap;
  volatile int32_t *cancel;
  napi_ref refs[5];
  /* results */
  int32_t *out; size_t nout, capout;
  uint8_t *alive, *done;
  double attempts, retried, self_connects, resource_retries, srtt, rttvar;
  int cancelled, error;
  napi_async_work work; napi_deferred deferred;
} job_t;

static double now_ms(void) {
  struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void emit(job_t *j, int host, int port, int code) {
  if (j->nout + 3 > j->capout) {
    j->capout = j->capout ? j->capout * 2 : 3 * 1024;
    j->out = realloc(j->out, j->capout * sizeof(int32_t));
  }
  j->out[j->nout++] = host; j->out[j->nout++] = port; j->out[j->nout++] = code;
}

static double timeout_for(job_t *j, int attempt) {
  double base = j->srtt < 0 ? j->t_init : j->srtt + 4 * j->rttvar;
  if (base < j->t_min) base = j->t_min;
  if (base > j->t_max) base = j->t_max;
  for (int i = 0; i < attempt; i++) base *= 2;
  return base > j->t_max ? j->t_max : base;
}

static void sample(job_t *j, double rtt) {
  if (j->srtt < 0) { j->srtt = rtt; j->rttvar = rtt / 2; }
  else { double d = j->srtt - rtt; j->rttvar = 0.75 * j->rttvar + 0.25 * (d < 0 ? -d : d); j->srtt = 0.875 * j->srtt + 0.125 * rtt; }
}

static void push_retry(host_t *h, task_t t) {
  if (h->nretries == h->capretries) { h->capretries = h->capretries ? h->capretries * 2 : 8; h->retries = realloc(h->retries, h->capretries * sizeof(task_t)); }
  h->retries[h->nretries++] = t;
}

static void execute(napi_env env, void *data) {
  (void)env;
  job_t *j = data;
  int n = j->nhosts;
  host_t *hosts = calloc(n, sizeof(host_t));
  int cap = (int)j->concurrency;
  slot_t *slots = calloc(cap, sizeof(slot_t));
  int *free_slots = malloc(cap * sizeof(int)), nfree = cap;
  for (int i = 0; i < cap; i++) { free_slots[i] = cap - 1 - i; slots[i].fd = -1; }
  for (int i = 0; i < n; i++) {
    host_t *h = &hosts[i];
    h->ip = j->ips[i];
    h->tasks = malloc((j->nports + j->nping + 1) * sizeof(task_t));
    for (int k = 0; k < j->nping; k++) {
      int req = 0;
      for (int q = 0; q < j->nports; q++) if (j->ports[q] == j->ping[k]) { req = 1; break; }
      h->tasks[h->ntasks++] = (task_t){ j->ping[k], 0, (uint8_t)req, 1 };
    }
    for (int q = 0; q < j->nports; q++) {
      int dup = 0;
      for (int k = 0; k < j->nping; k++) if (j->ping[k] == j->ports[q]) { dup = 1; break; }
      if (!dup) h->tasks[h->ntasks++] = (task_t){ j->ports[q], 0, 1, 0 };
    }
    h->discovery_left = j->nping;
    h->alive = j->nping ? -1 : 0;
  }
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event *evs = malloc(sizeof(struct epoll_event) * 1024);
  double limit = j->concurrency, tokens = 1, last = now_ms();
  double burst = j->rate > 0 ? (j->rate / 50 < 1 ? 1 : (double)(long)(j->rate / 50)) : 0;
  int active = 0, hosts_left = n, rr = 0;

#define HOST_DONE(hp) do { (hp)->done = 1; j->done[(hp) - hosts] = 1; j->alive[(hp) - hosts] = (hp)->alive == 1; hosts_left--; } while (0)
  /* A host whose work is over (or that never answered discovery) is done. */
  #define MAYBE_DONE(hp) do { host_t *_h = (hp); \
    if (!_h->done && _h->active == 0 && _h->nretries == 0) { \
      if (_h->alive == 0 && _h->discovery_left == 0 && j->nping) _h->next = _h->ntasks; \
      if (_h->next >= _h->ntasks) HOST_DONE(_h); } } while (0)

  for (int i = 0; i < n; i++) if (hosts[i].ntasks == 0) HOST_DONE(&hosts[i]);

  while (hosts_left > 0) {
    if (*j->cancel) { j->cancelled = 1; break; }
    double t = now_ms();
    /* start what may start */
    while (active < (int)limit && nfree > 0) {
      if (j->rate > 0) {
        tokens += (t - last) * j->rate / 1000; if (tokens > burst) tokens = burst; last = t;
        if (tokens < 1) break;
      }
      host_t *h = NULL; task_t task; int found = 0;
      for (int k = 0; k < n && !found; k++) {
        host_t *c = &hosts[(rr + k) % n];
        if (c->done || c->active >= (int)j->per_host || t < c->available_at) continue;
        if (c->nretries) { task = c->retries[--c->nretries]; found = 1; }
        else if (c->next < c->ntasks && !(c->alive == -1 && !c->tasks[c->next].discovery)) { task = c->tasks[c->next++]; found = 1; }
        if (found) { h = c; rr = (int)((rr + k + 1) % n); }
      }
      if (!found) break;
      if (j->rate > 0) tokens -= 1;
      j->attempts++;
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) { j->resource_retries++; push_retry(h, task); limit = active > 1 ? active * 0.75 : 1; break; }
      struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(task.port), .sin_addr.s_addr = htonl(h->ip) };
      int r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
      int err = r == 0 ? 0 : errno;
      if (r != 0 && err != EINPROGRESS) {
        close(fd);
        if (err == EADDRNOTAVAIL || err == EAGAIN || err == ENOBUFS || err == EMFILE || err == ENFILE) {
          j->resource_retries++; push_retry(h, task); limit = active > 1 ? active * 0.75 : 1; break;
        }
        int code = err == ECONNREFUSED || err == ECONNRESET ? 2 : 3;
        if (code == 2) h->alive = 1;
        if (task.report) emit(j, (int)(h - hosts), task.port, code);
        if (task.discovery) h->discovery_left--;
        if (h->alive == -1 && h->discovery_left == 0) h->alive = 0;
        MAYBE_DONE(h);
        continue;
      }
      int s = free_slots[--nfree];
      slots[s] = (slot_t){ fd, (int)(h - hosts), task, t, t + timeout_for(j, task.attempt) };
      struct epoll_event ev = { .events = EPOLLOUT | EPOLLERR | EPOLLHUP, .data.u32 = (uint32_t)s };
      epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
      h->active++; active++;
    }
    /* how long to wait: the nearest deadline, a token, or a host gap */
    double wait = 50;
    for (int s = 0; s < cap; s++) if (slots[s].fd >= 0 && slots[s].deadline - t < wait) wait = slots[s].deadline - t;
    if (j->rate > 0 && tokens < 1 && 1000 / j->rate < wait) wait = 1000 / j->rate;
    if (j->gap > 0 && j->gap < wait) wait = j->gap;
    if (wait < 0) wait = 0;
    int ne = epoll_wait(ep, evs, 1024, active ? (int)(wait + 0.999) : (int)(wait < 1 ? 1 : wait));
    t = now_ms();
    for (int e = 0; e < ne; e++) {
      int s = (int)evs[e].data.u32;
      slot_t *sl = &slots[s];
      if (sl->fd < 0) continue;
      host_t *h = &hosts[sl->host];
      int soerr = 0; socklen_t len = sizeof soerr;
      getsockopt(sl->fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
      int code;
      if (soerr == 0) {
        struct sockaddr_in local; socklen_t ll = sizeof local;
        sample(j, t - sl->started);
        code = 1;
        if (getsockname(sl->fd, (struct sockaddr *)&local, &ll) == 0 && ntohs(local.sin_port) == sl->task.port && ntohl(local.sin_addr.s_addr) == h->ip) { code = 4; j->self_connects++; }
        struct linger lg = { 1, 0 };
        setsockopt(sl->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
      } else if (soerr == ECONNREFUSED || soerr == ECONNRESET) { sample(j, t - sl->started); code = 2; }
      else if (soerr == EADDRNOTAVAIL || soerr == EAGAIN || soerr == ENOBUFS) { code = 0; }
      else code = 3;
      close(sl->fd); /* also leaves the epoll set: the fd is never duplicated */
      sl->fd = -1; free_slots[nfree++] = s; active--; h->active--;
      if (j->gap > 0) h->available_at = t + j->gap;
      if (code == 0) { j->resource_retries++; push_retry(h, sl->task); limit = active > 1 ? active * 0.75 : 1; continue; }
      if (code != 3) h->alive = 1;
      if (sl->task.report) emit(j, sl->host, sl->task.port, code);
      if (sl->task.discovery) h->discovery_left--;
      if (h->alive == -1 && h->discovery_left == 0) h->alive = 0;
      if (limit < j->concurrency) limit += 1;
      MAYBE_DONE(h);
    }
    /* expired: retry or filtered */
    for (int s = 0; s < cap; s++) {
      slot_t *sl = &slots[s];
      if (sl->fd < 0 || sl->deadline > t) continue;
      host_t *h = &hosts[sl->host];
      close(sl->fd); /* also leaves the epoll set: the fd is never duplicated */
      sl->fd = -1; free_slots[nfree++] = s; active--; h->active--;
      if (j->gap > 0) h->available_at = t + j->gap;
      if (sl->task.attempt < (int)j->retries) { task_t r = sl->task; r.attempt++; j->retried++; push_retry(h, r); }
      else {
        if (sl->task.report) emit(j, sl->host, sl->task.port, 3);
        if (sl->task.discovery) h->discovery_left--;
        if (h->alive == -1 && h->discovery_left == 0) h->alive = 0;
      }
      MAYBE_DONE(h);
    }
  }
  for (int s = 0; s < cap; s++) if (slots[s].fd >= 0) close(slots[s].fd);
  close(ep);
  for (int i = 0; i < n; i++) { free(hosts[i].tasks); free(hosts[i].retries); }
  free(hosts); free(slots); free(free_slots); free(evs);
}

static void complete(napi_env env, napi_status status, void *data) {
  job_t *j = data;
  (void)status;
  napi_value result, ab, arr;
  napi_create_object(env, &result);
  void *p;
  napi_create_arraybuffer(env, j->nout * sizeof(int32_t), &p, &ab);
  if (j->nout) memcpy(p, j->out, j->nout * sizeof(int32_t));
  napi_create_typedarray(env, napi_int32_array, j->nout, ab, 0, &arr);
  napi_set_named_property(env, result, "results", arr);
  napi_create_arraybuffer(env, j->nhosts, &p, &ab);
  memcpy(p, j->alive, j->nhosts);
  napi_create_typedarray(env, napi_uint8_array, j->nhosts, ab, 0, &arr);
  napi_set_named_property(env, result, "alive", arr);
  napi_create_arraybuffer(env, j->nhosts, &p, &ab);
  memcpy(p, j->done, j->nhosts);
  napi_create_typedarray(env, napi_uint8_array, j->nhosts, ab, 0, &arr);
  napi_set_named_property(env, result, "done", arr);
  double stats[6] = { j->attempts, j->retried, j->self_connects, j->resource_retries, j->srtt, j->cancelled };
  napi_create_arraybuffer(env, sizeof stats, &p, &ab);
  memcpy(p, stats, sizeof stats);
  napi_create_typedarray(env, napi_float64_array, 6, ab, 0, &arr);
  napi_set_named_property(env, result, "stats", arr);
  napi_resolve_deferred(env, j->deferred, result);
  for (int i = 0; i < 5; i++) napi_delete_reference(env, j->refs[i]);
  napi_delete_async_work(env, j->work);
  free(j->out); free(j->alive); free(j->done); free(j);
}

static int typed_ok;
/* An empty typed array has no data pointer; that is fine, only a non-typed-array argument is an error. */
static void *typed(napi_env env, napi_value v, size_t *len) {
  napi_typedarray_type type; void *data = NULL; napi_value ab; size_t off;
  if (napi_get_typedarray_info(env, v, &type, len, &data, &ab, &off) != napi_ok) { typed_ok = 0; return NULL; }
  return data;
}

static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 5; napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5) { napi_throw_type_error(env, NULL, "scan(ips, ports, ping, opts, cancel)"); return NULL; }
  job_t *j = calloc(1, sizeof(job_t));
  size_t len;
  typed_ok = 1;
  j->ips = typed(env, argv[0], &len); j->nhosts = (int)len;
  j->ports = typed(env, argv[1], &len); j->nports = (int)len;
  j->ping = typed(env, argv[2], &len); j->nping = (int)len;
  double *o = typed(env, argv[3], &len);
  j->cancel = typed(env, argv[4], &len);
  if (!typed_ok || !o || !j->cancel) { free(j); napi_throw_type_error(env, NULL, "bad typed array"); return NULL; }
  j->concurrency = o[0] < 1 ? 1 : o[0]; j->per_host = o[1] < 1 ? 1 : o[1]; j->rate = o[2];
  j->t_init = o[3]; j->t_min = o[4]; j->t_max = o[5]; j->retries = o[6]; j->gap = o[7];
  j->srtt = -1;
  j->alive = calloc(j->nhosts + 1, 1); j->done = calloc(j->nhosts + 1, 1);
  for (int i = 0; i < 5; i++) napi_create_reference(env, argv[i], 1, &j->refs[i]);
  napi_value promise, name;
  napi_create_promise(env, &j->deferred, &promise);
  napi_create_string_utf8(env, "mamori-connect-scan", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, j, &j->work);
  napi_queue_async_work(env, j->work);
  return promise;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn);
  napi_set_named_property(env, exports, "scan", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
