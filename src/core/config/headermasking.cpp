// SPDX-License-Identifier: Apache-2.0
#include "headermasking.h"

#include "gofieldname.h"

namespace ocw {

namespace {

// Calls `edit` on each object member of `object` that Go decodes into `field`, and writes it back.
template<typename Edit>
void editObjectField(QJsonObject &object, QStringView field, Edit edit)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!goFieldMatches(it.key(), field) || !it.value().isObject())
            continue;
        QJsonObject member = it.value().toObject();
        edit(member);
        it.value() = member;
    }
}

QJsonValue maskedHeaders(const QJsonValue &headers)
{
    if (headers.isNull())
        return headers;
    if (!headers.isObject())
        return MaskedHeaderValue.toString();
    QJsonObject masked = headers.toObject();
    for (auto it = masked.begin(); it != masked.end(); ++it)
        it.value() = MaskedHeaderValue.toString();
    return masked;
}

} // namespace

QJsonObject maskHeaderValues(QJsonObject module)
{
    editObjectField(module, u"exporters", [](QJsonObject &exporters) {
        editObjectField(exporters, u"ocagent", [](QJsonObject &agent) {
            for (auto it = agent.begin(); it != agent.end(); ++it) {
                if (goFieldMatches(it.key(), u"headers"))
                    it.value() = maskedHeaders(it.value());
            }
        });
    });
    return module;
}

} // namespace ocw
