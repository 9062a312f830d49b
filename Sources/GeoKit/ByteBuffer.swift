/// A growable byte buffer for output assembled row by row on worker threads.
/// Appends are plain copies, without an array's uniqueness and capacity checks
/// on every call; a buffer is kept and refilled from batch to batch, so its
/// pages are touched once, not once per batch.
public final class ByteBuffer: @unchecked Sendable {
    // Unchecked: the buffer is used by one thread at a time, and runtime exclusivity
    // checks on every append cost more than the copy.
    @exclusivity(unchecked) @usableFromInline var storage: UnsafeMutableRawPointer
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) @usableFromInline var used = 0

    public var count: Int { used }

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    public var isEmpty: Bool { used == 0 }

    /// Empties the buffer, keeping its memory.
    public func removeAll() { used = 0 }

    /// Makes room for `extra` more bytes.
    public func reserve(_ extra: Int) {
        guard used + extra > capacity else { return }
        let grown = max(used + extra, capacity + capacity / 2)
        let larger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
        larger.copyMemory(from: storage, byteCount: used)
        storage.deallocate()
        (storage, capacity) = (larger, grown)
    }

    @inlinable public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + used).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
    }

    @inlinable public func append(_ byte: UInt8) {
        reserve(1)
        storage.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    @inlinable public func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    /// A whole number in decimal, as `String(value)` writes it, without making the String.
    public func append(decimal value: Int64) {
        reserve(20)
        if value < 0 { append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        let start = used
        repeat {
            storage.storeBytes(of: UInt8(ascii: "0") + UInt8(rest % 10), toByteOffset: used, as: UInt8.self)
            used += 1
            rest /= 10
        } while rest > 0
        var digits = UnsafeMutableRawBufferPointer(start: storage + start, count: used - start)
        digits.reverse()
    }

    /// A value's bytes as they lie in memory, unaligned: for tapes this process reads back.
    @inlinable public func append<T: BitwiseCopyable>(raw value: T) {
        reserve(MemoryLayout<T>.size)
        storage.storeBytes(of: value, toByteOffset: used, as: T.self)
        used += MemoryLayout<T>.size
    }

    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage, count: used))
    }
}
