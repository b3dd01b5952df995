// The browser tests run where Chromium and Dovecot run (Debian); the shared Dovecot helper uses Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
