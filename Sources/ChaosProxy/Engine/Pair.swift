/// Two values stored inline (no heap allocation, unlike a two-element array), indexed 0 and 1.
/// Links keep one per direction or side: memory per idle link matters with thousands of them.
struct Pair<Element> {
  var first: Element
  var second: Element

  init(_ first: Element, _ second: Element) {
    self.first = first
    self.second = second
  }

  subscript(index: Int) -> Element {
    get { index == 0 ? first : second }
    // In place: `decoders[direction].feed(…)` mutates the stored value instead of a copy (a
    // get/set pair would copy it out and back, and its arrays with it, on every call).
    _modify {
      if index == 0 { yield &first } else { yield &second }
    }
  }
}
