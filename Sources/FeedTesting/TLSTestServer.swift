import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A self-signed HTTPS server on 127.0.0.1 for TLS tests: `openssl s_server -WWW` (HTTP/1) or, with `http2`,
/// nginx (HTTP/2 offered in ALPN, an access log with the protocol and connection of each request) serving files
/// from a temporary directory, with a key and certificate generated at start. It lives at most a minute
/// (`timeout -s KILL 60`) even if a test crashes before calling ``stop()``.
///
/// Children of the test process inherit its blocked signal mask, SIGTERM included, so `Process.terminate()` would
/// not end them: the server is killed with SIGKILL, as a process group (`timeout` puts itself and openssl in one).
public final class TLSTestServer {
    /// The openssl binary, or nil when it is not installed (TLS tests are then skipped).
    public static let opensslPath: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The nginx binary, or nil when it is not installed (HTTP/2 tests are then skipped, except on CI).
    public static let nginxPath: String? = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Whether the HTTP/2 tests run: when openssl and nginx are installed, and always on CI (`CI=true`, which
    /// `.ci/run` sets and installs both), where a missing nginx must fail those tests rather than skip them unseen.
    public static let runsHTTP2Tests =
        (opensslPath != nil && nginxPath != nil) || ProcessInfo.processInfo.environment["CI"] == "true"

    /// The folder it serves.
    public let directory: URL
    /// The port it listens on.
    public let port: Int
    private let process: Process

    /// Writes `files` (name → content) to a temporary directory and serves them over TLS.
    public init(files: [String: Data], http2: Bool = false) throws {
        guard let openssl = Self.opensslPath else { throw TLSTestServerError("openssl is not installed") }
        directory = try TemporaryFolder("tls").url
        for (name, data) in files { try data.write(to: directory.appendingPathComponent(name)) }

        // An EC key is generated in milliseconds; RSA would slow every run.
        try Self.run(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
            ],
            in: directory)

        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        var chosenPort: Int?
        if http2 {
            let (nginxPort, arguments) = try Self.nginx(in: directory)
            chosenPort = nginxPort
            process.arguments = arguments
        } else {
            // Port 0: the kernel picks a free one and s_server prints it ("ACCEPT 127.0.0.1:PORT").
            process.arguments = [
                "-s", "KILL", "60", openssl, "s_server", "-accept", "127.0.0.1:0", "-cert", "cert.pem", "-key",
                "key.pem", "-WWW",
            ]
        }
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = output
        try process.run()
        if let chosenPort {
            try Self.awaitListening(port: chosenPort, process: process, log: log)
            port = chosenPort
            return
        }

        let deadline = ContinuousClock.now + .seconds(10)
        var found: Int?
        while found == nil, ContinuousClock.now < deadline, process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT") }),
                let portText = line.split(separator: ":").last
            {
                found = Int(portText.trimmingCharacters(in: .whitespaces))
            } else {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        guard let found else {
            Self.kill(process)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TLSTestServerError("openssl s_server did not start: \(text)")
        }
        port = found
    }

    /// nginx's command line and port: a configuration in `directory` for one foreground process (no daemon, no
    /// master) serving the directory over TLS with HTTP/2, logging `protocol conn=connection/request` per request
    /// to access.log. nginx cannot report a port it picked, so a free one is found first.
    private static func nginx(in directory: URL) throws -> (Int, [String]) {
        guard let nginx = nginxPath else { throw TLSTestServerError("nginx is not installed") }
        let port = try freePort()
        let dir = directory.path
        let conf = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log warn;
            events { worker_connections 64; }
            http {
              log_format streams '$server_protocol conn=$connection/$connection_requests $request_uri';
              access_log \(dir)/access.log streams;
              client_body_temp_path \(dir); proxy_temp_path \(dir); fastcgi_temp_path \(dir);
              uwsgi_temp_path \(dir); scgi_temp_path \(dir);
              server {
                listen 127.0.0.1:\(port) ssl http2;
                ssl_certificate \(dir)/cert.pem;
                ssl_certificate_key \(dir)/key.pem;
                root \(dir);
              }
            }
            """
        try conf.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        return (port, ["-s", "KILL", "60", nginx, "-p", dir, "-c", "\(dir)/nginx.conf", "-e", "\(dir)/error.log"])
    }

    /// The access log's lines (nginx servers only).
    public var accessLog: [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("access.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    private static func freePort() throws -> Int {
        let reserved = try ReservedPort()
        reserved.release()
        return reserved.number
    }

    /// Waits until something accepts connections on `port`, or fails with the server's log.
    private static func awaitListening(port: Int, process: Process, log: URL) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, process.isRunning {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw TLSTestServerError("nginx did not start: \(text)")
    }

    deinit { stop() }

    /// The https URL of a served file.
    public func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// Ends the server and removes its directory; idempotent.
    public func stop() {
        if process.isRunning {
            Self.kill(process)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// SIGKILL to `timeout`'s process group (it and openssl), and to `timeout` itself in case it had not yet
    /// made its group.
    private static func kill(_ process: Process) {
        let pid = process.processIdentifier
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }

    private static func run(_ executable: String, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSTestServerError("\(executable) \(arguments.joined(separator: " ")) failed")
        }
    }
}

/// Why the TLS test server could not start.
struct TLSTestServerError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
