// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QImage;

namespace ocw {

// Encodes `image` as PNG in memory and writes it through the one atomic writer, so that a full disk leaves
// no partial image and is reported. Returns an empty string on success, the file and the reason otherwise.
QString writePng(const QString &path, const QImage &image);

} // namespace ocw
