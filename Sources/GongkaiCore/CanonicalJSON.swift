import Foundation

/// The byte-stable JSON gongkai writes (open data, site and bundle manifests, the build marker,
/// `verify --json`): sorted keys, two-space pretty printing in Foundation's layout (`"key" : value`,
/// empty containers as `[\n\n]`), slashes unescaped, a final newline — the exact bytes `JSONEncoder`
/// gives with `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`, which `CanonicalJSONTests` checks.
///
/// Written by hand because `JSONEncoder` on Linux boxes every value and sorts through
/// Foundation strings: at 20,000 projects it was an eighth of a build.
public enum CanonicalJSON {
    /// `snakeCase`: property names converted as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase` does.
    public static func encode(_ value: some Encodable, snakeCase: Bool = false) throws -> Data {
        let root = Box()
        try TreeEncoder(snakeCase: snakeCase).encode(value, into: root)
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(root.resolved, indent: 0, to: &out)
        out.append(0x0A)
        return Data(out)
    }

    /// A JSON value, as the encoder resolves it.
    indirect enum Value {
        case null, bool(Bool), number(String), string(String)
        case array([Value])
        /// Members sorted by key bytes, each key once.
        case object([(key: String, value: Value)])
    }

    static func write(_ value: Value, indent: Int, to out: inout [UInt8]) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let n): out += n.utf8
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "[\n".utf8
            for (i, item) in items.enumerated() {
                if i > 0 { out += ",\n".utf8 }
                spaces(indent + 2, &out)
                write(item, indent: indent + 2, to: &out)
            }
            out += "\n".utf8
            spaces(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out += "{\n".utf8
            for (i, member) in members.enumerated() {
                if i > 0 { out += ",\n".utf8 }
                spaces(indent + 2, &out)
                writeString(member.key, to: &out)
                out += " : ".utf8
                write(member.value, indent: indent + 2, to: &out)
            }
            out += "\n".utf8
            spaces(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func spaces(_ n: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n))
    }

    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        // Runs of bytes that need no escape (all of a Chinese text but its quotes and line ends) are copied whole.
        s.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                start = i + 1
                switch byte {
                case UInt8(ascii: "\""): out += "\\\"".utf8
                case UInt8(ascii: "\\"): out += "\\\\".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0D: out += "\\r".utf8
                case 0x09: out += "\\t".utf8
                case 0x08: out += "\\b".utf8
                case 0x0C: out += "\\f".utf8
                default: out += "\\u00".utf8; out += CollectionOfOne(byte).hexString.utf8
                }
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension CanonicalJSON {
    /// Writes the canonical layout straight to bytes, for records written by the ten thousand: the
    /// encoder above builds a tree of boxes first, which cost a project's JSON file 0.2 ms.
    /// Members must come in the byte order of their keys (checked in debug builds), and a nil value
    /// leaves its member out, as a synthesized `Encodable` does; a type written this way keeps its
    /// `Encodable` conformance as the reference its tests compare the bytes with.
    public struct Writer {
        public private(set) var bytes: [UInt8] = []
        private var indent = 0
        /// Members or items written so far in each open container.
        private var written: [Int] = []
        #if DEBUG
        private var lastKeys: [String] = []
        #endif

        public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

        /// The finished document, with its final newline.
        public var data: Data {
            var out = bytes
            out.append(0x0A)
            return Data(out)
        }

        /// An object: at the top, as an array's item, or (through `member(_:object:)`) as a member's value.
        public mutating func object(_ body: (inout Writer) -> Void) {
            open(UInt8(ascii: "{"))
            body(&self)
            close(UInt8(ascii: "}"))
        }

        public mutating func member(_ key: String, object body: (inout Writer) -> Void) {
            writeKey(key)
            object(body)
        }

        /// An array whose items `each` writes, one value each (an `object`, or a `string`).
        public mutating func member<Items: Sequence>(_ key: String, array items: Items, _ each: (inout Writer, Items.Element) -> Void) {
            writeKey(key)
            open(UInt8(ascii: "["))
            for item in items {
                separate()
                each(&self, item)
            }
            close(UInt8(ascii: "]"))
        }

        public mutating func member(_ key: String, _ value: String?) {
            guard let value else { return }
            writeKey(key)
            writeString(value, to: &bytes)
        }

        public mutating func member(_ key: String, _ value: Decimal?) {
            guard let value else { return }
            writeKey(key)
            bytes += ExactDecimal.plain(value).utf8
        }

        public mutating func member(_ key: String, _ value: Int) {
            writeKey(key)
            bytes += String(value).utf8
        }

        public mutating func member(_ key: String, _ value: Bool) {
            writeKey(key)
            bytes += (value ? "true" : "false").utf8
        }

        /// A string as an array's item.
        public mutating func string(_ value: String) { writeString(value, to: &bytes) }

        private mutating func writeKey(_ key: String) {
            #if DEBUG
            precondition(lastKeys.last.map { $0.precedesBytewise(key) } ?? true,
                         "canonical JSON keys out of order: \(lastKeys.last ?? "") before \(key)")
            lastKeys[lastKeys.count - 1] = key
            #endif
            separate()
            writeString(key, to: &bytes)
            bytes += " : ".utf8
        }

        /// The comma and the new line before a container's next member or item.
        private mutating func separate() {
            if written[written.count - 1] > 0 { bytes += ",\n".utf8 } else { bytes.append(0x0A) }
            written[written.count - 1] += 1
            bytes += repeatElement(UInt8(ascii: " "), count: indent)
        }

        private mutating func open(_ bracket: UInt8) {
            bytes.append(bracket)
            indent += 2
            written.append(0)
            #if DEBUG
            lastKeys.append("")
            #endif
        }

        /// An empty container still breaks its line, as Foundation writes `[\n\n]`.
        private mutating func close(_ bracket: UInt8) {
            indent -= 2
            if written.removeLast() == 0 { bytes.append(0x0A) }
            bytes.append(0x0A)
            bytes += repeatElement(UInt8(ascii: " "), count: indent)
            bytes.append(bracket)
            #if DEBUG
            lastKeys.removeLast()
            #endif
        }
    }
}

extension CanonicalJSON {
    /// Foundation's `convertToSnakeCase`: words start at capitals, a run of capitals is one word
    /// (`baseURL` → `base_url`), except that its last capital starts the next word when a lower-case
    /// letter follows (`HTTPServer` → `http_server`). On bytes: property names are ASCII, and this runs
    /// for every key of every record.
    static func snakeCased(_ key: String) -> String {
        // Most keys (`name`, `target`) have no capital: nothing to convert, nothing to copy.
        guard key.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return key }
        let bytes = Array(key.utf8)
        guard bytes.count > 1 else { return key }
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b + 0x20 : b }
        var out: [UInt8] = [lower(bytes[0])]
        out.reserveCapacity(bytes.count + 4)
        var i = 1
        while i < bytes.count {
            guard isUpper(bytes[i]) else { out.append(bytes[i]); i += 1; continue }
            var j = i
            while j + 1 < bytes.count, isUpper(bytes[j + 1]) { j += 1 }
            out.append(UInt8(ascii: "_"))
            if j > i, j + 1 < bytes.count, isLower(bytes[j + 1]) {
                out += bytes[i..<j].map(lower)
                out.append(UInt8(ascii: "_"))
                out.append(lower(bytes[j]))
            } else {
                out += bytes[i...j].map(lower)
            }
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - The Encoder: builds a `Value` tree

/// What one encoder or container slot holds: a finished value, or an object or array still being filled.
private final class Box {
    var value: CanonicalJSON.Value?
    var object: ObjectBox?
    var array: ArrayBox?

    var resolved: CanonicalJSON.Value {
        if let object {
            // Stable sort, then the last of equal keys wins, as when a dictionary is assigned twice.
            let sorted = object.members.enumerated().sorted {
                let order = Self.compareBytes($0.element.key, $1.element.key)
                return order != 0 ? order < 0 : $0.offset < $1.offset
            }.map(\.element)
            var unique: [(key: String, value: CanonicalJSON.Value)] = []
            unique.reserveCapacity(sorted.count)
            for member in sorted {
                if let last = unique.last, Self.compareBytes(last.key, member.key) == 0 { unique.removeLast() }
                unique.append((member.key, member.slot.resolved))
            }
            return .object(unique)
        }
        if let array { return .array(array.items.map(\.resolved)) }
        return value ?? .null
    }
}

/// A member or item: a scalar as it is (most of a record's values, so they need no box of their
/// own), or a box that its own encoder fills.
private enum Slot {
    case value(CanonicalJSON.Value)
    case box(Box)

    var resolved: CanonicalJSON.Value {
        switch self {
        case .value(let value): value
        case .box(let box): box.resolved
        }
    }
}

extension Box {
    /// Byte order of two keys, three-way (`String`'s own comparison normalises Unicode first).
    static func compareBytes(_ a: String, _ b: String) -> Int32 {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                let order = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return order != 0 ? order : Int32(x.count) - Int32(y.count)
            }
        }
    }
}

private final class ObjectBox { var members: [(key: String, slot: Slot)] = [] }
private final class ArrayBox { var items: [Slot] = [] }

/// Foundation converts the property names of types, never the keys of a `[String: Value]`.
private protocol StringKeyedDictionary {}
extension Dictionary: StringKeyedDictionary where Key == String {}

private final class TreeEncoder: Encoder {
    let snakeCase: Bool
    let storage: Box
    /// False while a string-keyed dictionary encodes itself: its keys are data, not property names.
    let convertsKeys: Bool
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    init(snakeCase: Bool, storage: Box = Box(), convertsKeys: Bool = true) {
        self.snakeCase = snakeCase
        self.storage = storage
        self.convertsKeys = convertsKeys
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object = storage.object ?? ObjectBox()
        storage.object = object
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array = storage.array ?? ArrayBox()
        storage.array = array
        return UnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self, box: storage) }

    func key(_ key: some CodingKey) -> String { snakeCase && convertsKeys ? CanonicalJSON.snakeCased(key.stringValue) : key.stringValue }

    /// Encodes a value into `box`: scalars directly, anything else through its own `encode(to:)`.
    func encode(_ value: some Encodable, into box: Box) throws {
        switch try slot(for: value) {
        case .value(let scalar): box.value = scalar
        case .box(let filled): (box.value, box.object, box.array) = (filled.value, filled.object, filled.array)
        }
    }

    /// A scalar's value, or a box filled by the value's own `encode(to:)`.
    func slot(for value: some Encodable) throws -> Slot {
        switch value {
        case let s as String: return .value(.string(s))
        case let d as Decimal: return .value(.number(ExactDecimal.plain(d)))
        case let i as Int: return .value(.number(String(i)))
        case let b as Bool: return .value(.bool(b))
        case let n as any BinaryInteger: return .value(.number("\(n)"))
        case is Double, is Float:
            // Foundation's own spelling of floating-point numbers (none of gongkai's records has one).
            let data = try JSONEncoder().encode(value)
            return .value(.number(String(decoding: data, as: UTF8.self)))
        default:
            let box = Box()
            try value.encode(to: TreeEncoder(snakeCase: snakeCase, storage: box, convertsKeys: !(value is StringKeyedDictionary)))
            return .box(box)
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    let object: ObjectBox
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func slot(_ key: Key) -> Box {
        let box = Box()
        object.members.append((encoder.key(key), .box(box)))
        return box
    }
    private func put(_ value: CanonicalJSON.Value, _ key: Key) { object.members.append((encoder.key(key), .value(value))) }
    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws { object.members.append((encoder.key(key), try encoder.slot(for: value))) }
    // The common scalars directly (the protocol's defaults send them through the generic path, which
    // casts each value to find its kind); optionals reach these through `encodeIfPresent`.
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.number(String(value)), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(snakeCase: encoder.snakeCase, storage: slot(key)).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(snakeCase: encoder.snakeCase, storage: slot(key)).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(snakeCase: encoder.snakeCase, storage: slot(Key(stringValue: "super")!)) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(snakeCase: encoder.snakeCase, storage: slot(key)) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    let array: ArrayBox
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.items.count }

    private func slot() -> Box {
        let box = Box()
        array.items.append(.box(box))
        return box
    }
    mutating func encodeNil() throws { array.items.append(.value(.null)) }
    mutating func encode(_ value: some Encodable) throws { array.items.append(try encoder.slot(for: value)) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(snakeCase: encoder.snakeCase, storage: slot()).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(snakeCase: encoder.snakeCase, storage: slot()).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(snakeCase: encoder.snakeCase, storage: slot()) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    let box: Box
    var codingPath: [any CodingKey] { encoder.codingPath }
    mutating func encodeNil() throws { box.value = .null }
    mutating func encode(_ value: some Encodable) throws { try encoder.encode(value, into: box) }
}
