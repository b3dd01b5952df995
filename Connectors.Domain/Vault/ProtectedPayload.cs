using System.Buffers.Binary;
using System.Buffers.Text;

namespace Connectors.Domain.Vault;

/// <summary>
/// Reads which key of the DataProtection key ring protected a ciphertext, without decrypting it.
/// A payload (base64url of the bytes) starts with the magic header <c>0x09F0C9F0</c> (big-endian)
/// followed by the 16-byte id of the key. Key rotation uses it to prove nothing still needs an old key.
/// </summary>
public static class ProtectedPayload
{
    private const uint MagicHeader = 0x09F0C9F0;
    private const int HeaderLength = sizeof(uint) + 16;

    /// <summary>The id of the key that protected <paramref name="ciphertext"/>, or null when it is not a
    /// DataProtection payload.</summary>
    public static Guid? KeyId(string ciphertext)
    {
        if (!Base64Url.IsValid(ciphertext, out var length) || length < HeaderLength)
        {
            return null;
        }

        var buffer = Base64Url.DecodeFromChars(ciphertext);
        if (BinaryPrimitives.ReadUInt32BigEndian(buffer) != MagicHeader)
        {
            return null;
        }

        // DataProtection writes the key id in the Guid's own byte order (as Guid.ToByteArray does).
        return new Guid(buffer.AsSpan(sizeof(uint), 16));
    }
}
