// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

namespace ocw {

// One replacement of a byte range: everything outside [offset, offset + length) stays as it was.
struct TextEdit {
    qsizetype offset = 0;
    qsizetype length = 0;
    QByteArray text;

    bool operator==(const TextEdit &) const = default;
    QByteArray applyTo(const QByteArray &source) const
    {
        QByteArray result = source;
        result.replace(offset, length, text);
        return result;
    }
    // Whether applying it to `source` would change no byte (a form field left as it was).
    bool changesNothing(const QByteArray &source) const
    {
        return source.mid(offset, length) == text;
    }
};

} // namespace ocw
