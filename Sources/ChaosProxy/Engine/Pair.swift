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
    set {
      if index == 0 { first = newValue } else { second = newValue }
    }
  }
}
