// The test suites run real Linux peers (Dovecot, Debian's Chromium): Linux is the platform they support.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
