// SPDX-License-Identifier: Apache-2.0
#include "pngfile.h"

#include "atomicfile.h"

#include <QBuffer>
#include <QImage>

namespace ocw {

QString writePng(const QString &path, const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG"))
        return QStringLiteral("%1: cannot encode the image as PNG").arg(path);
    return writeFileAtomically(path, png);
}

} // namespace ocw
