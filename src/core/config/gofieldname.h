// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringView>

namespace ocw {

// Whether Go's encoding/json fills the struct field `field` from the JSON key `key`: an exact match, or one
// that ignores case with Unicode simple folding (bytes.EqualFold), so "Headers", "HEADERS" and "headerſ"
// (long s) all fill `headers`. Qt's case-insensitive comparison folds the same way.
inline bool goFieldMatches(QStringView key, QStringView field)
{
    return key.compare(field, Qt::CaseInsensitive) == 0;
}

} // namespace ocw
