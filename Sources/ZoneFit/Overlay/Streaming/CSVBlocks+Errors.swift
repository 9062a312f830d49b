import GeoKit

extension CSVBlocks {
    /// Opens a CSV input, its errors as one-line errors naming the file.
    static func open(_ path: String, blockSize: Int, observe: (@Sendable ([UInt8]) -> Void)? = nil) throws -> CSVBlocks
    {
        try reading(path) { try CSVBlocks(path: path, blockSize: blockSize, observe: observe) }
    }

    /// Runs `body`, turning the reader's own errors (a failed read, an unterminated
    /// quote) into errors naming the file; other errors pass as they are.
    static func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GeoKitError where error.library == .system {
            throw ZoneFitError(file: path, error.message)
        }
    }
}
