// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QWidget;

namespace ocw {

// A warning that does not block: shown window-modal and returned from at once, for failures that come while
// something else goes on (a run ending, the window closing). It deletes itself when closed; `objectName`
// lets tests find it.
void openWarning(QWidget *parent, const QString &title, const QString &text, const QString &objectName);

} // namespace ocw
