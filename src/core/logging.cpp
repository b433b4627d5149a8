// SPDX-License-Identifier: Apache-2.0
#include "logging.h"

Q_LOGGING_CATEGORY(lcConfig, "ocw.config", QtWarningMsg)
Q_LOGGING_CATEGORY(lcExporter, "ocw.exporter", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAgent, "ocw.agent", QtWarningMsg)
Q_LOGGING_CATEGORY(lcLoad, "ocw.load", QtWarningMsg)
