// SPDX-License-Identifier: Apache-2.0
#include "quantityformat.h"

#include <QLocale>

namespace ocw {

QString formatCount(std::uint64_t count)
{
    return QLocale().toString(qulonglong(count));
}

QString formatMegabytes(std::uint64_t bytes)
{
    return QLocale().toString(double(bytes) / 1e6, 'f', 2) + QStringLiteral(" MB");
}

} // namespace ocw
