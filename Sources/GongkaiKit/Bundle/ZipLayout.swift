import Foundation

/// The layout of a bundle zip, read from its bytes independently of ZIPFoundation.
///
/// ZIPFoundation (and `unzip`) read a zip through its central directory; a streaming unzipper reads
/// the local headers from the start of the file. A zip whose every byte belongs to a listed entry, in
/// order, and whose local headers name the same paths as the central records unpacks the same way
/// with both. Anything else — a local entry no central record lists, bytes between entries or after
/// the end record, a local header naming another path — could unpack to something `verify` never
/// saw, so it is refused.
enum ZipLayout {
    /// Reads `count` bytes at `offset` (fewer at the end of the file).
    typealias Reader = (_ offset: UInt64, _ count: Int) throws -> [UInt8]

    /// The first problem of the layout, or nil when every byte belongs to a listed entry in order.
    static func problem(size: UInt64, maxEntries: Int, read: Reader) throws -> String? {
        func u16(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(b[i]) | UInt64(b[i + 1]) << 8 }
        func u32(_ b: [UInt8], _ i: Int) -> UInt64 { u16(b, i) | u16(b, i + 2) << 16 }
        func u64(_ b: [UInt8], _ i: Int) -> UInt64 { u32(b, i) | u32(b, i + 4) << 32 }
        func stray(_ from: UInt64, _ to: UInt64) -> String {
            "压缩包中有 \(to - from) 字节（位置 \(from)）不属于任何文件：其他解压工具可能从中读出清单之外的内容"
        }
        let broken = "压缩包的结构不完整或已损坏"

        // The end record: the file's last bytes (with its comment, if any).
        let tailLength = Int(min(size, 22 + 0xFFFF))
        let tail = try read(size - UInt64(tailLength), tailLength)
        guard tail.count == tailLength else { return broken }
        var endAt: UInt64?
        var index = tailLength - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4b, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
                let position = size - UInt64(tailLength - index)
                let recordEnd = position + 22 + u16(tail, index + 20)
                if recordEnd <= size {
                    if recordEnd < size { return stray(recordEnd, size) }
                    endAt = position
                    break
                }
            }
            index -= 1
        }
        guard let endAt else { return broken }
        let end = try read(endAt, 22)
        var entryCount = u16(end, 10)
        var directorySize = u32(end, 12)
        var directoryOffset = u32(end, 16)
        var directoryEnd = endAt
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points to the ZIP64 end record.
            guard endAt >= 20 else { return broken }
            let locator = try read(endAt - 20, 20)
            guard locator.count == 20, u32(locator, 0) == 0x0706_4b50 else { return broken }
            let recordAt = u64(locator, 8)
            guard recordAt < endAt else { return broken }
            let record = try read(recordAt, 56)
            guard record.count == 56, u32(record, 0) == 0x0606_4b50 else { return broken }
            let (recordEnd, overflow) = recordAt.addingReportingOverflow(12 &+ u64(record, 4))
            guard !overflow else { return broken }
            if recordEnd != endAt - 20 { return stray(min(recordEnd, endAt - 20), max(recordEnd, endAt - 20)) }
            entryCount = u64(record, 32)
            directorySize = u64(record, 40)
            directoryOffset = u64(record, 48)
            directoryEnd = recordAt
        }
        guard entryCount <= UInt64(maxEntries) else { return "压缩包的条目超过 \(maxEntries) 个，不是 gongkai 的报送材料" }
        let (listedEnd, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        guard !overflow, listedEnd <= directoryEnd else { return broken }
        if listedEnd != directoryEnd { return stray(listedEnd, directoryEnd) }

        // The central records: name, local header offset, compressed size, flags.
        struct Record { var name: [UInt8]; var offset: UInt64; var compressed: UInt64; var flags: UInt64 }
        var records: [Record] = []
        var at = directoryOffset
        while at < listedEnd {
            let fixed = try read(at, 46)
            guard fixed.count == 46, u32(fixed, 0) == 0x0201_4b50 else { return broken }
            let nameLength = Int(u16(fixed, 28)), extraLength = Int(u16(fixed, 30)), commentLength = u16(fixed, 32)
            let variable = try read(at + 46, nameLength + extraLength)
            guard variable.count == nameLength + extraLength else { return broken }
            var record = Record(name: Array(variable[..<nameLength]), offset: u32(fixed, 42),
                                compressed: u32(fixed, 20), flags: u16(fixed, 8))
            // A Unix mode (made on a Unix host, 3): gongkai writes every file rw-r--r--. A file made executable, setuid or
            // writable by anyone, or a device or pipe, differs from what was signed though no byte of it does.
            if fixed[5] == 3, let problem = Self.modeProblem(UInt32(u32(fixed, 38) >> 16)) {
                return "压缩包中的“\(String(decoding: record.name, as: UTF8.self))”\(problem)：gongkai 写出的报送材料中每个文件都是 0644，此文件的属性已被改动"
            }
            // ZIP64 extended information: the sizes and offset that did not fit, in this order.
            var e = nameLength
            while e + 4 <= variable.count {
                let id = u16(variable, e), length = Int(u16(variable, e + 2))
                guard e + 4 + length <= variable.count else { return broken }
                if id == 0x0001 {
                    var field = e + 4
                    func next() -> UInt64? {
                        guard field + 8 <= e + 4 + length else { return nil }
                        defer { field += 8 }
                        return u64(variable, field)
                    }
                    if u32(fixed, 24) == 0xFFFF_FFFF { guard next() != nil else { return broken } }
                    if record.compressed == 0xFFFF_FFFF { guard let value = next() else { return broken }; record.compressed = value }
                    if record.offset == 0xFFFF_FFFF { guard let value = next() else { return broken }; record.offset = value }
                }
                e += 4 + length
            }
            records.append(record)
            guard records.count <= maxEntries else { return "压缩包的条目超过 \(maxEntries) 个，不是 gongkai 的报送材料" }
            at += 46 + UInt64(nameLength + extraLength) + commentLength
        }
        guard at == listedEnd, UInt64(records.count) == entryCount else { return broken }

        // The local entries, in file order, must follow each other from the first byte to the directory.
        records.sort { $0.offset < $1.offset }
        var expected: UInt64 = 0
        for (position, record) in records.enumerated() {
            if record.offset > expected { return stray(expected, record.offset) }
            guard record.offset == expected else { return "压缩包中的文件“\(String(decoding: record.name, as: UTF8.self))”与前一个文件重叠：" + broken }
            let header = try read(record.offset, 30)
            guard header.count == 30, u32(header, 0) == 0x0403_4b50 else { return broken }
            let nameLength = Int(u16(header, 26))
            let localName = try read(record.offset + 30, nameLength)
            guard localName == record.name else {
                return "压缩包中“\(String(decoding: record.name, as: UTF8.self))”的本地文件头写的是另一个文件名“\(String(decoding: localName, as: UTF8.self))”：其他解压工具会按后者写出文件"
            }
            let (dataEnd, overflow) = (record.offset + 30 + UInt64(nameLength) + u16(header, 28)).addingReportingOverflow(record.compressed)
            guard !overflow, dataEnd <= directoryOffset else { return broken }
            expected = dataEnd
            if record.flags & 0x8 != 0 {
                // A data descriptor follows the data: with or without its signature, 32- or 64-bit sizes.
                let next = position + 1 < records.count ? records[position + 1].offset : directoryOffset
                let signed = try read(dataEnd, 4)
                let base: UInt64 = signed.count == 4 && u32(signed, 0) == 0x0807_4b50 ? 4 : 0
                guard let length = [base + 12, base + 20].first(where: { dataEnd + $0 == next }) else {
                    return next > dataEnd + base + 20 ? stray(dataEnd + base + 20, next) : broken
                }
                expected = dataEnd + length
            }
        }
        if expected != directoryOffset { return expected < directoryOffset ? stray(expected, directoryOffset) : broken }
        return nil
    }

    /// The layout problem of a zip on disk, read with seeks (the file is never read whole).
    /// What is wrong with an entry's Unix mode, or nil: only a plain file or folder, with no execute, set-id or sticky bit
    /// and not writable by others (no mode at all, 0, as Windows' zip writes, is none).
    static func modeProblem(_ mode: UInt32) -> String? {
        guard mode != 0 else { return nil }
        let type = mode & 0o170000, permissions = mode & 0o7777
        guard type == 0 || type == 0o100000 || type == 0o040000 || type == 0o120000 else { return "不是普通文件（类型 \(String(type, radix: 8))）" }
        if permissions & 0o7000 != 0 { return "带有 setuid、setgid 或粘滞位（权限 \(String(permissions, radix: 8))）" }
        if type != 0o040000, permissions & 0o111 != 0 { return "是可执行的（权限 \(String(permissions, radix: 8))）" }
        if permissions & 0o002 != 0 { return "人人可写（权限 \(String(permissions, radix: 8))）" }
        return nil
    }

    static func problem(ofFileAt path: String, maxEntries: Int) throws -> String? {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        return try problem(size: size, maxEntries: maxEntries) { offset, count in
            guard offset < size, count > 0 else { return [] }
            try handle.seek(toOffset: offset)
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        }
    }

    /// The layout problem of a zip held in memory.
    static func problem(of data: Data, maxEntries: Int) throws -> String? {
        let size = UInt64(data.count)
        return try problem(size: size, maxEntries: maxEntries) { offset, count in
            guard offset < size, count > 0 else { return [] }
            let start = data.startIndex + Int(offset)
            return [UInt8](data[start..<min(data.endIndex, start + count)])
        }
    }
}
