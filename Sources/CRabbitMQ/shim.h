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

/* The method-number macros are casts, which Swift does not import: the ones the AMQP client reads. */
static const amqp_method_number_t chaos_amqp_basic_ack_method = AMQP_BASIC_ACK_METHOD;
static const amqp_method_number_t chaos_amqp_basic_nack_method = AMQP_BASIC_NACK_METHOD;
static const amqp_method_number_t chaos_amqp_basic_return_method = AMQP_BASIC_RETURN_METHOD;
static const amqp_method_number_t chaos_amqp_basic_cancel_method = AMQP_BASIC_CANCEL_METHOD;
static const amqp_method_number_t chaos_amqp_channel_close_method = AMQP_CHANNEL_CLOSE_METHOD;
static const amqp_method_number_t chaos_amqp_channel_close_ok_method = AMQP_CHANNEL_CLOSE_OK_METHOD;
static const amqp_method_number_t chaos_amqp_connection_close_method = AMQP_CONNECTION_CLOSE_METHOD;
static const amqp_method_number_t chaos_amqp_connection_close_ok_method = AMQP_CONNECTION_CLOSE_OK_METHOD;
static const amqp_flags_t chaos_amqp_basic_content_type_flag = AMQP_BASIC_CONTENT_TYPE_FLAG;
static const amqp_flags_t chaos_amqp_basic_delivery_mode_flag = AMQP_BASIC_DELIVERY_MODE_FLAG;
#endif
