import Foundation

/// A deterministic zip archive (stored entries, no compression): fixed entry order and one fixed
/// timestamp, so the same files always give the same bytes. Enough for data downloads and bundles.
/// Past 65,535 entries or 4 GiB it writes ZIP64 records (only then, so small archives stay plain zip).
public struct ZipWriter {
    private var data = Data()
    private var central = Data()
    private var count = 0
    private let dosTime: UInt16
    private let dosDate: UInt16
    /// Sizes and offsets from this value on go into ZIP64 fields; lowered only by tests.
    let limit: UInt64

    /// `date` stamps every entry (from `SOURCE_DATE_EPOCH` or the content, never the clock).
    public init(date: CalendarDate) {
        self.init(date: date, zip64Limit: 0xFFFF_FFFF)
    }

    init(date: CalendarDate, zip64Limit: UInt64) {
        dosTime = 0
        let year = max(1980, min(2107, date.year))
        dosDate = UInt16((year - 1980) << 9 | date.month << 5 | date.day)
        limit = zip64Limit
    }

    /// Makes room for `bytes` of entries at once: a year's tables run to 25 MB, and an archive that
    /// grows by doubling holds up to twice that while it is written.
    public mutating func reserveCapacity(_ bytes: Int) {
        data.reserveCapacity(bytes)
    }

    /// Adds a file; call in the order the archive should list them. Returns where its bytes lie in the
    /// archive (the finished archive keeps them there).
    @discardableResult
    public mutating func add(path: String, contents: Data) -> Range<Int> {
        let offset = UInt64(data.count)
        let size = UInt64(contents.count)
        let crc = CRC32.checksum(contents)
        data.append(localHeader(path, crc: crc, size: size, offset: offset))
        let start = data.count
        data.append(contents)
        addToDirectory(path, crc: crc, size: size, offset: offset, bigSize: size >= limit)
        return start..<data.count
    }

    /// Adds a file whose bytes `produce` hands over piece by piece, straight into the archive: a year's
    /// indicator table (20 MB at 20,000 projects) is never held whole beside it. The bytes are the
    /// same as `add(path:contents:)` would write.
    @discardableResult
    public mutating func add(path: String, streaming produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void) -> Range<Int> {
        let headerStart = data.count
        let offset = UInt64(headerStart)
        // Written with a size below the limit, then mended: the checksum and the size are known at the end.
        data.append(localHeader(path, crc: 0, size: 0, offset: offset))
        let start = data.count
        var crc = CRC32.start
        produce { bytes in
            crc = CRC32.update(crc, bytes)
            data.append(contentsOf: bytes)
        }
        let size = UInt64(data.count - start)
        guard size < limit else {
            // Too big for the plain header: written again with the ZIP64 one (only past 4 GiB, or in tests).
            let contents = data.subdata(in: start..<data.count)
            data.removeSubrange(headerStart..<data.count)
            return add(path: path, contents: contents)
        }
        crc = CRC32.finish(crc)
        Swift.withUnsafeBytes(of: crc.littleEndian) { data.replaceSubrange(headerStart + 14..<headerStart + 18, with: $0) }
        Swift.withUnsafeBytes(of: UInt32(size).littleEndian) { size in
            data.replaceSubrange(headerStart + 18..<headerStart + 22, with: size)
            data.replaceSubrange(headerStart + 22..<headerStart + 26, with: size)
        }
        addToDirectory(path, crc: crc, size: size, offset: offset, bigSize: false)
        return start..<data.count
    }

    private func localHeader(_ path: String, crc: UInt32, size: UInt64, offset: UInt64) -> Data {
        let name = Data(path.utf8)
        let bigSize = size >= limit, bigOffset = offset >= limit
        let version: UInt16 = bigSize || bigOffset ? 45 : 20
        var local = Data()
        local.append(le32: 0x0403_4b50)
        local.append(le16: version)       // version needed
        local.append(le16: 0x0800)        // UTF-8 names
        local.append(le16: 0)             // stored
        local.append(le16: dosTime)
        local.append(le16: dosDate)
        local.append(le32: crc)           // at 14
        local.append(le32: bigSize ? 0xFFFF_FFFF : UInt32(size))  // at 18
        local.append(le32: bigSize ? 0xFFFF_FFFF : UInt32(size))  // at 22
        local.append(le16: UInt16(name.count))
        local.append(le16: bigSize ? 20 : 0)
        local.append(name)
        if bigSize {
            local.append(le16: 0x0001)    // ZIP64 extra field: both sizes
            local.append(le16: 16)
            local.append(le64: size)
            local.append(le64: size)
        }
        return local
    }

    private mutating func addToDirectory(_ path: String, crc: UInt32, size: UInt64, offset: UInt64, bigSize: Bool) {
        let name = Data(path.utf8)
        let bigOffset = offset >= limit
        let version: UInt16 = bigSize || bigOffset ? 45 : 20
        var extra = Data()
        if bigSize { extra.append(le64: size); extra.append(le64: size) }
        if bigOffset { extra.append(le64: offset) }
        central.append(le32: 0x0201_4b50)
        central.append(le16: 0x031E)      // made by: Unix, 3.0
        central.append(le16: version)
        central.append(le16: 0x0800)
        central.append(le16: 0)
        central.append(le16: dosTime)
        central.append(le16: dosDate)
        central.append(le32: crc)
        central.append(le32: bigSize ? 0xFFFF_FFFF : UInt32(size))
        central.append(le32: bigSize ? 0xFFFF_FFFF : UInt32(size))
        central.append(le16: UInt16(name.count))
        central.append(le16: extra.isEmpty ? 0 : UInt16(extra.count + 4))
        central.append(le16: 0)           // comment
        central.append(le16: 0)           // disk
        central.append(le16: 0)           // internal attributes
        central.append(le32: 0o100644 << 16) // external: regular file, rw-r--r--
        central.append(le32: bigOffset ? 0xFFFF_FFFF : UInt32(offset))
        central.append(name)
        if !extra.isEmpty {
            central.append(le16: 0x0001)
            central.append(le16: UInt16(extra.count))
            central.append(extra)
        }
        count += 1
    }

    /// The finished archive: the entries' bytes themselves, taken rather than copied.
    public consuming func finish() -> Data {
        var out = Data()
        swap(&out, &data)
        let centralOffset = UInt64(out.count), centralSize = UInt64(central.count)
        out.append(central)
        let zip64 = count >= 0xFFFF || centralOffset >= limit || centralSize >= limit
        if zip64 {
            let recordOffset = UInt64(out.count)
            out.append(le32: 0x0606_4b50)  // ZIP64 end of central directory record
            out.append(le64: 44)
            out.append(le16: 45)
            out.append(le16: 45)
            out.append(le32: 0)
            out.append(le32: 0)
            out.append(le64: UInt64(count))
            out.append(le64: UInt64(count))
            out.append(le64: centralSize)
            out.append(le64: centralOffset)
            out.append(le32: 0x0706_4b50)  // its locator
            out.append(le32: 0)
            out.append(le64: recordOffset)
            out.append(le32: 1)
        }
        out.append(le32: 0x0605_4b50)
        out.append(le16: 0)
        out.append(le16: 0)
        out.append(le16: zip64 ? 0xFFFF : UInt16(count))
        out.append(le16: zip64 ? 0xFFFF : UInt16(count))
        out.append(le32: zip64 ? 0xFFFF_FFFF : UInt32(centralSize))
        out.append(le32: zip64 ? 0xFFFF_FFFF : UInt32(centralOffset))
        out.append(le16: 0)
        return out
    }
}

/// CRC-32 (IEEE 802.3), as zip requires.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: Data) -> UInt32 {
        finish(data.withUnsafeBytes { update(start, $0) })
    }

    /// A checksum taken piece by piece: `finish(update(update(start, a), b))` is the checksum of a + b.
    static let start: UInt32 = 0xFFFF_FFFF

    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = crc
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc
    }

    static func finish(_ crc: UInt32) -> UInt32 { crc ^ 0xFFFF_FFFF }
}

extension Data {
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le64 value: UInt64) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
