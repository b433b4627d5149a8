// SPDX-License-Identifier: Apache-2.0
#include "nativepath.h"

#include <fcntl.h>

namespace ocw {

namespace {

constexpr char16_t kEscapeBase = 0xDC00; // U+DC80..U+DCFF hold the bytes 0x80..0xFF that are not UTF-8

bool isEscapedByte(QChar c)
{
    return c.unicode() >= kEscapeBase + 0x80 && c.unicode() <= kEscapeBase + 0xFF;
}

// The length of the valid UTF-8 sequence at `at`, or 0 when the byte there does not start one.
qsizetype validSequenceLength(const QByteArray &bytes, qsizetype at)
{
    const auto byte = [&](qsizetype i) { return uchar(bytes.at(i)); };
    const uchar lead = byte(at);
    qsizetype length = 0;
    uchar low = 0x80, high = 0xBF; // the range of the second byte, narrower after some leads (RFC 3629)
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;
        if (lead == 0xED) // no encoded surrogates: they would be read back as escaped bytes
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        if (lead == 0xF4)
            high = 0x8F;
    } else
        return 0;
    if (at + length > bytes.size() || byte(at + 1) < low || byte(at + 1) > high)
        return 0;
    for (qsizetype i = at + 2; i < at + length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF)
            return 0;
    return length;
}

} // namespace

QString pathFromNative(const QByteArray &bytes)
{
    QString path;
    path.reserve(bytes.size());
    for (qsizetype at = 0; at < bytes.size();) {
        const qsizetype length = validSequenceLength(bytes, at);
        if (length == 0) {
            path += QChar(char16_t(kEscapeBase + uchar(bytes.at(at))));
            ++at;
            continue;
        }
        path += QString::fromUtf8(bytes.constData() + at, length);
        at += length;
    }
    return path;
}

QByteArray nativePath(const QString &path)
{
    QByteArray bytes;
    bytes.reserve(path.size());
    qsizetype runStart = 0;
    const auto flushRun = [&](qsizetype end) { bytes += QStringView(path).mid(runStart, end - runStart).toUtf8(); };
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (!isEscapedByte(path.at(i)))
            continue;
        flushRun(i);
        bytes += char(path.at(i).unicode() - kEscapeBase);
        runStart = i + 1;
    }
    flushRun(path.size());
    return bytes;
}

QString displayPath(const QString &path)
{
    QString shown;
    shown.reserve(path.size());
    for (const QChar c : path) {
        if (isEscapedByte(c))
            shown += QString::asprintf("\\x%02X", unsigned(c.unicode() - kEscapeBase));
        else
            shown += c;
    }
    return shown;
}

int openNative(const QString &path, int flags, unsigned mode)
{
    return ::open(nativePath(path).constData(), flags | O_CLOEXEC, mode);
}

} // namespace ocw
