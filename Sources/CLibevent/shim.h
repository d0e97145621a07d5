#ifndef CHAOS_CLIBEVENT_SHIM_H
#define CHAOS_CLIBEVENT_SHIM_H
// System headers first: libevent's event-config.h defines _GNU_SOURCE, and if it came first,
// fd_set (sys/select.h) would be declared differently here than in Glibc/Dispatch, which breaks
// clean builds with "fds_bits ... is not present in definition of 'fd_set' in module 'CDispatch'".
#include <sys/types.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <event2/event.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <event2/util.h>
#endif
