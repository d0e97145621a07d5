import CRabbitMQ
import Foundation

/// One rabbitmq-c connection: the only file that touches rabbitmq-c pointers.
///
/// Not thread-safe, like rabbitmq-c itself: the owner (``AMQPClient``) makes every call under
/// one lock. Channel 1 carries publishes (in confirm mode) and the consumers; channel 2 is opened
/// on demand for passive declares, so that a `404` there does not take the consumers down.
///
/// rabbitmq-c services heartbeats only inside its own calls. Every wait here goes through
/// `amqp_consume_message` with a timeout, which sends our heartbeats when due and reports
/// `AMQP_STATUS_HEARTBEAT_TIMEOUT` when nothing came from the broker for 2 × heartbeat.
final class AMQPConnection {
  /// A message as read from the wire, before the client stamps its generation on it.
  struct Delivery {
    var consumerTag: String
    var deliveryTag: UInt64
    var redelivered: Bool
    var exchange: String
    var routingKey: String
    var body: Data
  }

  private static let mainChannel: amqp_channel_t = 1
  private static let inspectChannel: amqp_channel_t = 2

  private var state: amqp_connection_state_t?
  private(set) var isOpen = false
  private var inspectChannelOpen = false
  /// Deliveries that arrived while waiting for a confirm or an RPC reply, oldest first.
  private var buffered: [Delivery] = []
  private var publishSequence: UInt64 = 0
  private var awaitedConfirm: UInt64 = 0
  private var confirmOutcome: Bool?
  /// Consumer tag → queue name, for the consumers started by ``declare(_:)``.
  private(set) var consumerQueues: [String: String] = [:]

  /// Opens the socket (bounded by `timeout`), logs in with `heartbeat` seconds, opens channel 1
  /// and puts it in confirm mode. Handshake and RPCs are bounded by `timeout` too.
  init(url: AMQPURL, heartbeat: Int, timeout: Double) throws {
    guard let state = amqp_new_connection() else { throw AMQPError.connectFailed("out of memory") }
    self.state = state
    do {
      guard let socket = amqp_tcp_socket_new(state) else {
        throw AMQPError.connectFailed("cannot create a socket")
      }
      var limit = Self.timeval(seconds: timeout)
      let opened = amqp_socket_open_noblock(socket, url.host, Int32(url.port), &limit)
      guard opened == AMQP_STATUS_OK.rawValue else {
        throw AMQPError.connectFailed("\(url.host):\(url.port): \(Self.statusText(opened))")
      }
      amqp_set_handshake_timeout(state, &limit)
      amqp_set_rpc_timeout(state, &limit)
      let login = chaos_amqp_login_plain(
        state, url.vhost, 0, 131_072, Int32(clamping: heartbeat), url.user, url.password)
      try check(login, doing: "login", channel: 0, connecting: true)
      amqp_channel_open(state, Self.mainChannel)
      try check(amqp_get_rpc_reply(state), doing: "channel.open", channel: Self.mainChannel, connecting: true)
      amqp_confirm_select(state, Self.mainChannel)
      try check(
        amqp_get_rpc_reply(state), doing: "confirm.select", channel: Self.mainChannel, connecting: true)
      isOpen = true
    } catch {
      abandon()
      throw error
    }
  }

  deinit { abandon() }

  // MARK: topology

  /// Declares exchanges, queues and bindings, sets the prefetch and starts the consumers
  /// (manual acknowledgements), all on channel 1.
  func declare(_ topology: AMQPTopology) throws {
    let state = try openState()
    var arena = ByteArena()
    defer { arena.release() }
    for exchange in topology.exchanges {
      amqp_exchange_declare(
        state, Self.mainChannel, arena.bytes(exchange.name), arena.bytes(exchange.type), 0,
        exchange.durable ? 1 : 0, 0, 0, amqp_empty_table)
      try check(
        amqp_get_rpc_reply(state), doing: "exchange.declare \(exchange.name)", channel: Self.mainChannel)
    }
    for queue in topology.queues {
      amqp_queue_declare(
        state, Self.mainChannel, arena.bytes(queue.name), 0, queue.durable ? 1 : 0, 0, 0, amqp_empty_table)
      try check(amqp_get_rpc_reply(state), doing: "queue.declare \(queue.name)", channel: Self.mainChannel)
    }
    for binding in topology.bindings {
      amqp_queue_bind(
        state, Self.mainChannel, arena.bytes(binding.queue), arena.bytes(binding.exchange),
        arena.bytes(binding.routingKey), amqp_empty_table)
      try check(
        amqp_get_rpc_reply(state),
        doing: "queue.bind \(binding.queue) \(binding.exchange) \(binding.routingKey)",
        channel: Self.mainChannel)
    }
    amqp_basic_qos(state, Self.mainChannel, 0, topology.prefetch, 0)
    try check(amqp_get_rpc_reply(state), doing: "basic.qos", channel: Self.mainChannel)
    for queue in topology.consumeQueues {
      let ok = amqp_basic_consume(
        state, Self.mainChannel, arena.bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table)
      try check(amqp_get_rpc_reply(state), doing: "basic.consume \(queue)", channel: Self.mainChannel)
      guard let ok else { throw AMQPError.connectionLost("basic.consume \(queue): no consume-ok") }
      consumerQueues[Self.string(ok.pointee.consumer_tag)] = queue
    }
  }

  // MARK: publishing

  /// Publishes a persistent message (delivery mode 2, `application/json`) and waits for the
  /// broker's confirm. Deliveries arriving meanwhile are kept for ``nextDelivery(timeout:)``.
  func publish(exchange: String, routingKey: String, body: Data, confirmTimeout: Double) throws {
    let state = try openState()
    var arena = ByteArena()
    defer { arena.release() }
    var properties = amqp_basic_properties_t()
    properties._flags = chaos_amqp_basic_content_type_flag | chaos_amqp_basic_delivery_mode_flag
    properties.content_type = arena.bytes("application/json")
    properties.delivery_mode = 2
    publishSequence += 1
    awaitedConfirm = publishSequence
    confirmOutcome = nil
    let exchangeBytes = arena.bytes(exchange)
    let keyBytes = arena.bytes(routingKey)
    let status = body.withUnsafeBytes { raw in
      amqp_basic_publish(
        state, Self.mainChannel, exchangeBytes, keyBytes, 0, 0, &properties,
        amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
    }
    guard status == AMQP_STATUS_OK.rawValue else { throw lost(Self.statusText(status)) }
    let deadline = Date().addingTimeInterval(confirmTimeout)
    while confirmOutcome == nil {
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { throw AMQPError.confirmTimeout(seconds: confirmTimeout) }
      if case .delivery(let delivery) = try readEvent(timeout: remaining) { buffered.append(delivery) }
    }
    guard confirmOutcome == true else {
      throw AMQPError.publishNacked(exchange: exchange, routingKey: routingKey)
    }
  }

  // MARK: consuming

  /// The next delivery, waiting at most `timeout` seconds (0 polls); nil when none came.
  func nextDelivery(timeout: Double) throws -> Delivery? {
    _ = try openState()
    if !buffered.isEmpty { return buffered.removeFirst() }
    let deadline = Date().addingTimeInterval(max(timeout, 0))
    while true {
      switch try readEvent(timeout: max(deadline.timeIntervalSinceNow, 0)) {
      case .delivery(let delivery): return delivery
      case .timedOut: return nil
      case .handledFrame: if deadline.timeIntervalSinceNow <= 0 { return nil }
      }
    }
  }

  /// Reads whatever the broker has already sent (confirms, closes, deliveries into the buffer)
  /// without waiting, and lets rabbitmq-c send a heartbeat if one is due.
  func poll() throws {
    _ = try openState()
    while true {
      switch try readEvent(timeout: 0) {
      case .delivery(let delivery): buffered.append(delivery)
      case .handledFrame: continue
      case .timedOut: return
      }
    }
  }

  func ack(deliveryTag: UInt64) throws {
    let state = try openState()
    let status = amqp_basic_ack(state, Self.mainChannel, deliveryTag, 0)
    guard status == AMQP_STATUS_OK.rawValue else { throw lost(Self.statusText(status)) }
  }

  func nack(deliveryTag: UInt64, requeue: Bool) throws {
    let state = try openState()
    let status = amqp_basic_nack(state, Self.mainChannel, deliveryTag, 0, requeue ? 1 : 0)
    guard status == AMQP_STATUS_OK.rawValue else { throw lost(Self.statusText(status)) }
  }

  // MARK: inspection

  /// Passive `queue.declare` on channel 2: the queue's ready messages and consumers.
  func queueStatus(_ name: String) throws -> (messages: Int, consumers: Int) {
    let state = try openState()
    if !inspectChannelOpen {
      amqp_channel_open(state, Self.inspectChannel)
      try check(amqp_get_rpc_reply(state), doing: "channel.open", channel: Self.inspectChannel)
      inspectChannelOpen = true
    }
    var arena = ByteArena()
    defer { arena.release() }
    let ok = amqp_queue_declare(state, Self.inspectChannel, arena.bytes(name), 1, 0, 0, 0, amqp_empty_table)
    do {
      try check(
        amqp_get_rpc_reply(state), doing: "queue.declare passive \(name)", channel: Self.inspectChannel)
    } catch AMQPError.channelClosed(let code, _) where code == Int(AMQP_NOT_FOUND) {
      throw AMQPError.queueNotFound(name)
    }
    guard let ok else { throw lost("queue.declare passive \(name): no declare-ok") }
    return (Int(ok.pointee.message_count), Int(ok.pointee.consumer_count))
  }

  // MARK: closing

  /// Closes channel and connection politely (bounded by `timeout`), then frees everything.
  func close(timeout: Double = 1) {
    if isOpen, let state {
      var limit = Self.timeval(seconds: timeout)
      amqp_set_rpc_timeout(state, &limit)
      _ = amqp_channel_close(state, Self.mainChannel, Int32(AMQP_REPLY_SUCCESS))
      _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
    }
    abandon()
  }

  /// Frees the connection without a close handshake (the socket is closed): for dead links.
  func abandon() {
    isOpen = false
    buffered.removeAll()
    guard let state else { return }
    self.state = nil
    amqp_destroy_connection(state)
  }

  // MARK: frames

  private enum Event {
    case delivery(Delivery)
    case handledFrame
    case timedOut
  }

  /// One step of reading: a delivery, a non-delivery frame handled (confirm, close …), or nothing
  /// within `timeout`. Heartbeats are sent and checked by rabbitmq-c inside this call.
  private func readEvent(timeout: Double) throws -> Event {
    let state = try openState()
    // Frames are decoded into per-channel pools that only this call recycles; everything read
    // before was copied out already.
    amqp_maybe_release_buffers(state)
    var limit = Self.timeval(seconds: timeout)
    var envelope = amqp_envelope_t()
    let reply = amqp_consume_message(state, &envelope, &limit, 0)
    switch reply.reply_type {
    case AMQP_RESPONSE_NORMAL:
      defer { amqp_destroy_envelope(&envelope) }
      let body = envelope.message.body
      return .delivery(
        Delivery(
          consumerTag: Self.string(envelope.consumer_tag), deliveryTag: envelope.delivery_tag,
          redelivered: envelope.redelivered != 0, exchange: Self.string(envelope.exchange),
          routingKey: Self.string(envelope.routing_key),
          body: body.len > 0 && body.bytes != nil ? Data(bytes: body.bytes, count: body.len) : Data()))
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      if reply.library_error == AMQP_STATUS_TIMEOUT.rawValue { return .timedOut }
      if reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue {
        var frame = amqp_frame_t()
        let status = amqp_simple_wait_frame(state, &frame)
        guard status == AMQP_STATUS_OK.rawValue else { throw lost(Self.statusText(status)) }
        try handle(frame)
        return .handledFrame
      }
      throw lost(Self.statusText(reply.library_error))
    default:
      throw lost(describe(reply))
    }
  }

  /// A frame that is not a delivery: confirms, channel or connection closes, returns, cancels.
  private func handle(_ frame: amqp_frame_t) throws {
    guard frame.frame_type == UInt8(AMQP_FRAME_METHOD), let decoded = frame.payload.method.decoded else {
      return
    }
    switch frame.payload.method.id {
    case chaos_amqp_basic_ack_method:
      let ack = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
      recordConfirm(tag: ack.delivery_tag, multiple: ack.multiple != 0, positive: true)
    case chaos_amqp_basic_nack_method:
      let nack = decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
      recordConfirm(tag: nack.delivery_tag, multiple: nack.multiple != 0, positive: false)
    case chaos_amqp_basic_return_method:
      // Only mandatory publishes come back, and we publish none; read the content frames out.
      var message = amqp_message_t()
      let reply = amqp_read_message(state, frame.channel, &message, 0)
      if reply.reply_type == AMQP_RESPONSE_NORMAL { amqp_destroy_message(&message) }
    case chaos_amqp_basic_cancel_method:
      throw lost("the broker cancelled a consumer (queue deleted?)")
    case chaos_amqp_channel_close_method:
      let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
      sendChannelCloseOk(frame.channel)
      if frame.channel == Self.inspectChannel {
        inspectChannelOpen = false
        return
      }
      isOpen = false
      throw AMQPError.channelClosed(code: Int(close.reply_code), text: Self.string(close.reply_text))
    case chaos_amqp_connection_close_method:
      let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
      sendConnectionCloseOk()
      throw lost("broker closed the connection: \(close.reply_code) \(Self.string(close.reply_text))")
    default:
      return
    }
  }

  private func recordConfirm(tag: UInt64, multiple: Bool, positive: Bool) {
    guard awaitedConfirm > 0, confirmOutcome == nil else { return }
    if tag == awaitedConfirm || (multiple && tag >= awaitedConfirm) { confirmOutcome = positive }
  }

  // MARK: replies and errors

  /// Throws the error an RPC reply carries; answers the broker's close with close-ok.
  private func check(
    _ reply: amqp_rpc_reply_t, doing what: String, channel: amqp_channel_t, connecting: Bool = false
  ) throws {
    switch reply.reply_type {
    case AMQP_RESPONSE_NORMAL:
      return
    case AMQP_RESPONSE_SERVER_EXCEPTION where reply.reply.id == chaos_amqp_channel_close_method:
      let close = reply.reply.decoded.map { $0.assumingMemoryBound(to: amqp_channel_close_t.self).pointee }
      sendChannelCloseOk(channel)
      if channel == Self.inspectChannel {
        inspectChannelOpen = false
      } else {
        isOpen = false
      }
      throw AMQPError.channelClosed(
        code: Int(close?.reply_code ?? 0),
        text: "\(what): " + (close.map { Self.string($0.reply_text) } ?? ""))
    default:
      let text = "\(what): \(describe(reply))"
      if reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION { sendConnectionCloseOk() }
      isOpen = false
      throw connecting ? AMQPError.connectFailed(text) : AMQPError.connectionLost(text)
    }
  }

  private func describe(_ reply: amqp_rpc_reply_t) -> String {
    switch reply.reply_type {
    case AMQP_RESPONSE_NONE: return "no reply (missing RPC reply type)"
    case AMQP_RESPONSE_LIBRARY_EXCEPTION: return Self.statusText(reply.library_error)
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      guard let decoded = reply.reply.decoded else { return "server exception" }
      if reply.reply.id == chaos_amqp_connection_close_method {
        let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
        return "broker closed the connection: \(close.reply_code) \(Self.string(close.reply_text))"
      }
      if reply.reply.id == chaos_amqp_channel_close_method {
        let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
        return "broker closed the channel: \(close.reply_code) \(Self.string(close.reply_text))"
      }
      return "server exception (method \(reply.reply.id))"
    default: return "unknown reply type"
    }
  }

  /// Marks the connection dead and returns the error to throw.
  private func lost(_ text: String) -> AMQPError {
    isOpen = false
    return .connectionLost(text)
  }

  private func openState() throws -> amqp_connection_state_t {
    guard isOpen, let state else { throw AMQPError.connectionLost("connection is not open") }
    return state
  }

  private func sendChannelCloseOk(_ channel: amqp_channel_t) {
    guard let state else { return }
    var ok = amqp_channel_close_ok_t()
    _ = amqp_send_method(state, channel, chaos_amqp_channel_close_ok_method, &ok)
  }

  private func sendConnectionCloseOk() {
    isOpen = false
    guard let state else { return }
    var ok = amqp_connection_close_ok_t()
    _ = amqp_send_method(state, 0, chaos_amqp_connection_close_ok_method, &ok)
  }

  private static func statusText(_ status: Int32) -> String {
    String(cString: amqp_error_string2(status))
  }

  private static func string(_ bytes: amqp_bytes_t) -> String {
    guard bytes.len > 0, let start = bytes.bytes else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: start, count: bytes.len), as: UTF8.self)
  }

  private static func timeval(seconds: Double) -> Glibc.timeval {
    let clamped = min(max(seconds, 0), 86_400)
    let whole = clamped.rounded(.down)
    return Glibc.timeval(tv_sec: Int(whole), tv_usec: Int((clamped - whole) * 1_000_000))
  }
}

/// malloc'd copies of Swift strings as `amqp_bytes_t`, alive until ``release()`` — so that no
/// pointer into a temporary Swift string ever reaches rabbitmq-c.
private struct ByteArena {
  private var blocks: [UnsafeMutableRawPointer] = []

  mutating func bytes(_ text: String) -> amqp_bytes_t {
    let utf8 = Array(text.utf8)
    guard let block = malloc(max(utf8.count, 1)) else { return amqp_empty_bytes }
    utf8.withUnsafeBytes { raw in
      if let base = raw.baseAddress { block.copyMemory(from: base, byteCount: raw.count) }
    }
    blocks.append(block)
    return amqp_bytes_t(len: utf8.count, bytes: block)
  }

  mutating func release() {
    blocks.forEach { free($0) }
    blocks.removeAll()
  }
}
