/// The ledger of one link: turns decoder events into counts, and follows AMQP deliveries per
/// channel until they are settled. Deliveries to a `no-ack` consumer (or a `no-ack` get) are
/// settled by the broker as it sends them: they are counted (`auto-acked` in the events), never
/// outstanding.
final class TapLedger {
  private(set) var report = TapReport()
  /// Why the tap just stopped decoding, until the link records it (``takeStop()``).
  private(set) var stopUnreported: String?
  private var outstanding: [UInt16: Set<UInt64>] = [:]
  private var highestDelivered: [UInt16: UInt64] = [:]
  /// Per channel: the tags of no-ack consumers, the no-ack flags of consumes not yet answered
  /// (in order: the broker answers them in order), and whether the pending get is no-ack.
  private var noAckConsumers: [UInt16: Set<String>] = [:]
  private var pendingConsumes: [UInt16: [Bool]] = [:]
  private var pendingGetNoAck: [UInt16: Bool] = [:]

  /// Records one event; `upstream` when it came from the client.
  func record(_ event: TapEvent, upstream: Bool) {
    switch event {
    case .command(let name):
      report.events[name, default: 0] += 1
    case .reply(let error):
      if error {
        report.errors += 1
        report.events["error", default: 0] += 1
      } else {
        report.replies += 1
        report.events["reply", default: 0] += 1
      }
    case .push:
      report.pushes += 1
      report.events["push", default: 0] += 1
    case .method(let channel, let name, let fields):
      recordMethod(channel: channel, name: name, fields: fields, upstream: upstream)
    case .content, .heartbeat:
      break
    case .garbage(let reason):
      report.stopped.append(reason)
      stopUnreported = reason
    }
  }

  private func recordMethod(channel: UInt16, name: String, fields: AMQPMethodFields, upstream: Bool) {
    var key = name
    if !upstream, name == "basic.ack" || name == "basic.nack" {
      key = name == "basic.ack" ? "confirm.ack" : "confirm.nack"
    }
    report.events[key, default: 0] += 1
    switch (name, upstream) {
    case ("basic.publish", true):
      report.publishes += 1
    case ("basic.consume", true):
      if fields.noWait {
        if fields.noAck { noAckConsumers[channel, default: []].insert(fields.consumerTag) }
      } else {
        pendingConsumes[channel, default: []].append(fields.noAck)
      }
    case ("basic.consume-ok", false):
      if let noAck = pendingConsumes[channel]?.first {
        pendingConsumes[channel]?.removeFirst()
        if noAck { noAckConsumers[channel, default: []].insert(fields.consumerTag) }
      }
    case ("basic.get", true):
      pendingGetNoAck[channel] = fields.noAck
    case ("basic.deliver", false) where noAckConsumers[channel]?.contains(fields.consumerTag) == true,
      ("basic.get-ok", false) where pendingGetNoAck[channel] == true:
      report.deliveries += 1
      if fields.redelivered { report.redeliveries += 1 }
      report.events["auto-acked", default: 0] += 1
    case ("basic.deliver", false), ("basic.get-ok", false):
      report.deliveries += 1
      if fields.redelivered { report.redeliveries += 1 }
      outstanding[channel, default: []].insert(fields.deliveryTag)
      highestDelivered[channel] = max(highestDelivered[channel] ?? 0, fields.deliveryTag)
      report.unacked += 1
    case ("basic.ack", true):
      report.acks += 1
      settle(channel: channel, tag: fields.deliveryTag, multiple: fields.multiple)
    case ("basic.nack", true):
      report.nacks += 1
      settle(channel: channel, tag: fields.deliveryTag, multiple: fields.multiple)
    case ("basic.reject", true):
      report.rejects += 1
      settle(channel: channel, tag: fields.deliveryTag, multiple: false)
    case ("basic.ack", false), ("basic.nack", false):
      report.confirms += 1
    case ("channel.close", _), ("channel.close-ok", _):
      dropChannel(channel)
    case ("connection.close", _), ("connection.close-ok", _):
      for channel in Array(outstanding.keys) { dropChannel(channel) }
    default:
      break
    }
  }

  private func settle(channel: UInt16, tag: UInt64, multiple: Bool) {
    var open = outstanding[channel] ?? []
    if multiple {
      let settled = open.filter { tag == 0 || $0 <= tag }
      if settled.isEmpty { report.ackedTwice += 1 }
      open.subtract(settled)
      report.unacked -= settled.count
    } else if open.remove(tag) != nil {
      report.unacked -= 1
    } else if tag <= highestDelivered[channel] ?? 0 {
      report.ackedTwice += 1
    } else {
      report.ackedUnknown += 1
    }
    outstanding[channel] = open
  }

  private func dropChannel(_ channel: UInt16) {
    noAckConsumers[channel] = nil
    pendingConsumes[channel] = nil
    pendingGetNoAck[channel] = nil
    let open = outstanding.removeValue(forKey: channel) ?? []
    report.unacked -= open.count
    report.unackedAtClose += open.count
    highestDelivered[channel] = nil
  }

  /// The reason the tap stopped, once: the link records it as a `tap-stopped` event.
  func takeStop() -> String? {
    defer { stopUnreported = nil }
    return stopUnreported
  }

  /// The link closed: what was not settled is counted as unacked at close.
  func closeAll() {
    for channel in Array(outstanding.keys) { dropChannel(channel) }
  }
}
