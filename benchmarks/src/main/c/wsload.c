/*
 * wsload: the idle and broadcast connections of FanoutLoad (--client=c), held by one single-threaded epoll loop.
 *
 * Why C: on these 2-core machines the load client shares the cores with the node it measures, and the Java (Netty)
 * client spent ~11 us of CPU per delivered message, about as much as the node; a C epoll client costs 2.5-5 us
 * (../shared/STACK.md), so a broadcast's figure says more about the node and less about the client.
 *
 * usage: wsload HOST PORT PATH CONNECTIONS RATE ADDRESSES MARKER CHANNEL...
 *   opens CONNECTIONS WebSocket connections to ws://HOST:PORT/PATH at RATE per second, from 127.0.0.1 up to
 *   127.0.0.ADDRESSES in turn; on each `welcome` subscribes to every CHANNEL; answers pings.
 * stdout, one line each:
 *   ready OPEN FAILED            every connection is subscribed or has failed
 *   done SEQ COUNT FIRST_NS LAST_NS
 *                                every open connection got the message starting with MARKER whose data has
 *                                "seq":SEQ (CLOCK_MONOTONIC, the clock of Java's System.nanoTime on Linux). A round
 *                                is known by its seq, not started by a command: with a heartbeat sweep going on, a
 *                                command written before the broadcast was seen read after the first 168-2,881 of its
 *                                messages (epoll returns ready descriptors in batches, not in the order they woke)
 *   closed N                     connections the node closed after they were ready (printed when it changes)
 *   missing N ...                after `missing`: how many open connections lack the latest round's message, then for the
 *                                first few their index, local port, bytes read and bytes of an incomplete frame,
 *                                and the bytes read by one that has it
 * stdin: `missing` asks which connections lack the latest round; end of input (the benchmark exited) ends the
 *   program.
 * Bounded: it exits when its input closes, and every phase of FanoutLoad is bounded in time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum state { CONNECTING, UPGRADING, WELCOMING, SUBSCRIBING, READY, CLOSED };

struct conn {
    int fd;
    uint8_t state;
    uint8_t acks;
    uint32_t pending_len; /* bytes of an incomplete frame (or response) kept from the last read */
    long long round_seen; /* the seq of the last round whose message this connection got */
    char *pending;
    uint64_t bytes_read;
};

#define STDIN_TAG UINT32_MAX
#define READ_BUF (256 * 1024)

static struct conn *conns;
static int n_conns, rate, addresses, n_channels;
static char **channels;
static const char *marker;
static size_t marker_len;
static char request[512];
static size_t request_len;

static int opened, ready, failed, closed_after_ready;
static int round_count, round_done = 1;
static long long round_seq = -1;
static int64_t round_first, round_last;
static char readbuf[READ_BUF];

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* A client frame (masked, as RFC 6455 requires of clients); payloads here are under 126 bytes. */
static int send_frame(struct conn *c, int opcode, const char *payload, size_t n) {
    static const uint8_t key[4] = {0x37, 0xfa, 0x21, 0x3d};
    uint8_t frame[6 + 125];
    if (n > 125) {
        return -1;
    }
    frame[0] = 0x80 | opcode;
    frame[1] = 0x80 | (uint8_t) n;
    memcpy(frame + 2, key, 4);
    for (size_t i = 0; i < n; i++) {
        frame[6 + i] = (uint8_t) payload[i] ^ key[i & 3];
    }
    /* Frames this small fit any socket buffer; a short write means the connection is broken. */
    return write(c->fd, frame, 6 + n) == (ssize_t) (6 + n) ? 0 : -1;
}

static void finish_round_if_done(void) {
    if (!round_done && round_count >= ready) {
        round_done = 1;
        printf("done %lld %d %lld %lld\n", round_seq, round_count, (long long) round_first, (long long) round_last);
        fflush(stdout);
    }
}

static void drop(struct conn *c) {
    if (c->state == CLOSED) {
        return;
    }
    if (c->state == READY) {
        ready--;
        closed_after_ready++;
        printf("closed %d\n", closed_after_ready);
        fflush(stdout);
        finish_round_if_done();
    } else {
        failed++;
    }
    c->state = CLOSED;
    close(c->fd);
    free(c->pending);
    c->pending = NULL;
    c->pending_len = 0;
}

/* The value of the first "seq": in a message, or -1. */
static long long seq_of(const char *p, size_t n) {
    const char *s = memmem(p, n, "\"seq\":", 6);
    if (s == NULL) return -1;
    long long v = -1;
    for (s += 6; s < p + n && *s >= '0' && *s <= '9'; s++) {
        v = (v < 0 ? 0 : v * 10) + (*s - '0');
    }
    return v;
}

static void on_text(struct conn *c, const char *p, size_t n) {
    static const char subscribed[] = "{\"type\":\"subscribed\"";
    char sub[128];
    switch (c->state) {
        case WELCOMING:
            c->state = SUBSCRIBING;
            for (int i = 0; i < n_channels; i++) {
                int len = snprintf(sub, sizeof sub, "{\"type\":\"subscribe\",\"channel\":\"%s\"}", channels[i]);
                if (send_frame(c, 0x1, sub, (size_t) len) != 0) {
                    drop(c);
                    return;
                }
            }
            break;
        case SUBSCRIBING:
            if (n >= sizeof subscribed - 1 && memcmp(p, subscribed, sizeof subscribed - 1) == 0
                && ++c->acks == n_channels) {
                c->state = READY;
                ready++;
            }
            break;
        case READY:
            if (n >= marker_len && memcmp(p, marker, marker_len) == 0) {
                long long seq = seq_of(p, n);
                if (seq < 0 || seq < round_seq) {
                    break; /* a straggler of a round that timed out */
                }
                int64_t t = now_ns();
                if (seq > round_seq) {
                    round_seq = seq;
                    round_count = 0;
                    round_done = 0;
                    round_first = t;
                }
                c->round_seen = seq;
                round_count++;
                round_last = t;
                finish_round_if_done();
            }
            break;
        default:
            break;
    }
}

/* Handles every complete frame in p[0..n); returns how many bytes it used. */
static size_t on_frames(struct conn *c, const char *p, size_t n) {
    size_t used = 0;
    while (n - used >= 2 && c->state != CLOSED) {
        const uint8_t *h = (const uint8_t *) p + used;
        int opcode = h[0] & 0x0f;
        uint64_t len = h[1] & 0x7f;
        size_t header = 2;
        if (h[1] & 0x80) { /* a server never masks */
            drop(c);
            break;
        }
        if (len == 126) {
            if (n - used < 4) break;
            len = ((uint64_t) h[2] << 8) | h[3];
            header = 4;
        } else if (len == 127) {
            if (n - used < 10) break;
            len = 0;
            for (int i = 2; i < 10; i++) len = (len << 8) | h[i];
            header = 10;
        }
        if (n - used < header + len) break;
        const char *payload = p + used + header;
        used += header + len;
        if (opcode == 0x1) {
            on_text(c, payload, len);
        } else if (opcode == 0x9) {
            if (send_frame(c, 0xA, payload, len) != 0) drop(c);
        } else if (opcode == 0x8) {
            drop(c);
        }
        /* continuation (0x0), binary and pong frames: nothing to do */
    }
    return used;
}

/* Consumes the HTTP upgrade response; returns the bytes it used, 0 when incomplete, -1 when refused. */
static ssize_t on_response(const char *p, size_t n) {
    const char *end = memmem(p, n, "\r\n\r\n", 4);
    if (end == NULL) {
        return n > 8192 ? -1 : 0;
    }
    if (n < 12 || memcmp(p, "HTTP/1.1 101", 12) != 0) {
        return -1;
    }
    return end + 4 - p;
}

static void on_readable(struct conn *c) {
    ssize_t got = read(c->fd, readbuf, sizeof readbuf);
    if (got <= 0) {
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
        drop(c);
        return;
    }
    c->bytes_read += (uint64_t) got;
    const char *data = readbuf;
    size_t n = (size_t) got;
    if (c->pending_len > 0) {
        char *joined = realloc(c->pending, c->pending_len + n);
        if (joined == NULL) die("realloc");
        memcpy(joined + c->pending_len, readbuf, n);
        c->pending = joined;
        data = joined;
        n += c->pending_len;
    }
    size_t used = 0;
    if (c->state == UPGRADING) {
        ssize_t r = on_response(data, n);
        if (r < 0) {
            drop(c);
            return;
        }
        if (r > 0) {
            c->state = WELCOMING;
            used = (size_t) r;
        } else {
            used = 0;
        }
    }
    if (c->state >= WELCOMING && c->state != CLOSED) {
        used += on_frames(c, data + used, n - used);
    }
    if (c->state == CLOSED) return;
    size_t rest = n - used;
    if (rest == 0) {
        free(c->pending);
        c->pending = NULL;
    } else if (data != c->pending || used > 0) {
        char *keep = malloc(rest);
        if (keep == NULL) die("malloc");
        memcpy(keep, data + used, rest);
        free(c->pending);
        c->pending = keep;
    }
    c->pending_len = (uint32_t) rest;
}

static void open_one(int ep, int i, const char *host, int port) {
    struct conn *c = &conns[i];
    c->state = CONNECTING;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) {
        c->state = CLOSED;
        failed++;
        return;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in from = {.sin_family = AF_INET, .sin_port = 0};
    from.sin_addr.s_addr = htonl(0x7f000001 + (uint32_t) (i % addresses));
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    inet_pton(AF_INET, host, &to.sin_addr);
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.u32 = (uint32_t) i};
    if (bind(c->fd, (struct sockaddr *) &from, sizeof from) != 0
        || (connect(c->fd, (struct sockaddr *) &to, sizeof to) != 0 && errno != EINPROGRESS)
        || epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
        drop(c);
    }
}

static void on_connected(int ep, struct conn *c, uint32_t i) {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0
        || write(c->fd, request, request_len) != (ssize_t) request_len) {
        drop(c);
        return;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) != 0) {
        drop(c);
        return;
    }
    c->state = UPGRADING;
}

static void report_missing(void) {
    int missing = 0, with_it = -1;
    char detail[1024];
    size_t used = 0;
    for (int i = 0; i < opened; i++) {
        struct conn *c = &conns[i];
        if (c->state != READY) continue;
        if (c->round_seen == round_seq) {
            if (with_it < 0) with_it = i;
            continue;
        }
        if (missing++ < 10 && used < sizeof detail - 80) {
            struct sockaddr_in local;
            socklen_t len = sizeof local;
            getsockname(c->fd, (struct sockaddr *) &local, &len);
            used += (size_t) snprintf(detail + used, sizeof detail - used, " #%d:127.0.0.%d:%d read=%llu pending=%u",
                                      i, (int) (ntohl(local.sin_addr.s_addr) & 0xff), ntohs(local.sin_port),
                                      (unsigned long long) c->bytes_read, c->pending_len);
        }
    }
    detail[used] = 0;
    printf("missing %d%s; one that has it: #%d read=%llu\n", missing, detail, with_it,
           with_it < 0 ? 0ULL : (unsigned long long) conns[with_it].bytes_read);
    fflush(stdout);
}

/* Returns 0 when the benchmark closed our input. */
static int on_command(void) {
    static char line[256];
    static size_t len;
    ssize_t got = read(0, line + len, sizeof line - 1 - len);
    if (got <= 0) {
        return got < 0 && errno == EINTR;
    }
    len += (size_t) got;
    char *nl;
    while ((nl = memchr(line, '\n', len)) != NULL) {
        *nl = 0;
        if (strcmp(line, "missing") == 0) {
            report_missing();
        }
        len -= (size_t) (nl + 1 - line);
        memmove(line, nl + 1, len);
    }
    if (len == sizeof line - 1) len = 0; /* an overlong line: not a command */
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 9) {
        fprintf(stderr, "usage: wsload HOST PORT PATH CONNECTIONS RATE ADDRESSES MARKER CHANNEL...\n");
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    const char *path = argv[3];
    n_conns = atoi(argv[4]);
    rate = atoi(argv[5]);
    addresses = atoi(argv[6]);
    marker = argv[7];
    marker_len = strlen(marker);
    channels = argv + 8;
    n_channels = argc - 8;
    if (port <= 0 || n_conns <= 0 || rate <= 0 || addresses <= 0 || addresses > 254) {
        fprintf(stderr, "wsload: PORT, CONNECTIONS, RATE must be positive and ADDRESSES 1-254\n");
        return 2;
    }
    int len = snprintf(request, sizeof request,
                       "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                       path, host, port);
    if (len <= 0 || (size_t) len >= sizeof request) {
        fprintf(stderr, "wsload: path too long\n");
        return 2;
    }
    request_len = (size_t) len;
    conns = calloc((size_t) n_conns, sizeof *conns);
    if (conns == NULL) die("calloc");

    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    struct epoll_event in = {.events = EPOLLIN, .data.u32 = STDIN_TAG};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, 0, &in) != 0) die("epoll_ctl stdin");

    static struct epoll_event events[1024];
    int64_t start = now_ns();
    int ready_told = 0;
    for (;;) {
        if (opened < n_conns) {
            int64_t due = (now_ns() - start) * rate / 1000000000LL + 1;
            while (opened < n_conns && opened < due) {
                open_one(ep, opened, host, port);
                opened++;
            }
        }
        int k = epoll_wait(ep, events, 1024, opened < n_conns ? 1 : 1000);
        if (k < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < k; e++) {
            uint32_t i = events[e].data.u32;
            if (i == STDIN_TAG) {
                if (!on_command()) return 0;
                continue;
            }
            struct conn *c = &conns[i];
            if (c->state == CLOSED) continue;
            if (c->state == CONNECTING) {
                if (events[e].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(ep, c, i);
                continue;
            }
            if (events[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(c);
        }
        if (!ready_told && opened == n_conns && ready + failed + closed_after_ready == n_conns) {
            ready_told = 1;
            printf("ready %d %d\n", ready, failed + closed_after_ready);
            fflush(stdout);
        }
    }
}
