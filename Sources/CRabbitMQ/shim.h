#ifndef CHAOS_CRABBITMQ_SHIM_H
#define CHAOS_CRABBITMQ_SHIM_H
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_framing.h>
#include <sys/time.h>

/* amqp_login is variadic and so unavailable in Swift: PLAIN login through a fixed signature. */
static inline amqp_rpc_reply_t chaos_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                                      int channel_max, int frame_max, int heartbeat,
                                                      const char *user, const char *password) {
  return amqp_login(state, vhost, channel_max, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}
#endif
