/// A material (申请材料) handed in with an application.
public struct Material: Codable, Sendable, Equatable {
    /// The material code from the catalogue item (`attrid` at the portal).
    public var code: String
    /// The material name.
    public var name: String
    /// Electronic files of this material.
    public var files: [File]
    /// True when the original was handed in on paper at a counter (纸质, 已收取).
    public var onPaper: Bool?

    public init(code: String, name: String, files: [File] = [], onPaper: Bool? = nil) {
        self.code = code
        self.name = name
        self.files = files
        self.onPaper = onPaper
    }

    /// Whether the material was actually provided (a file, or paper received).
    public var isProvided: Bool { !files.isEmpty || onPaper == true }

    /// One electronic file.
    public struct File: Codable, Sendable, Equatable {
        /// Where the back end can fetch it (http or https).
        public var uri: String
        /// The file name shown to people.
        public var name: String
        /// Media type, for example `application/pdf`.
        public var mediaType: String?
        /// Size in bytes.
        public var size: Int?
        /// Lower-case hex SHA-256 of the content.
        public var sha256: String?

        public init(uri: String, name: String, mediaType: String? = nil, size: Int? = nil, sha256: String? = nil) {
            self.uri = uri
            self.name = name
            self.mediaType = mediaType
            self.size = size
            self.sha256 = sha256
        }
    }
}
