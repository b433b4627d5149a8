// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace ocw {

// File names on Linux are bytes, not text, and need not be valid UTF-8. Qt decodes them lossily (every
// invalid byte becomes U+FFFD), so a name such as "bad\xff.json" could neither be opened nor written by name.
// These keep such names whole, as Python's "surrogateescape" does (PEP 383): an invalid byte 0xNN becomes the
// lone surrogate U+DCNN in the QString and turns back into the same byte on the way out. Valid UTF-8 is
// unchanged both ways.

// A command-line argument or a name read from the system, as text that keeps every byte.
QString pathFromNative(const QByteArray &bytes);

// The bytes to hand the system for `path`: the inverse of pathFromNative().
QByteArray nativePath(const QString &path);

// `path` for a message: unchanged when it is valid text, otherwise each byte that is not shown as \xNN.
QString displayPath(const QString &path);

// open(2) on `path`'s own bytes, with O_CLOEXEC added; -1 and errno as open(2).
int openNative(const QString &path, int flags, unsigned mode = 0);

} // namespace ocw
