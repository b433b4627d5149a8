// SPDX-License-Identifier: Apache-2.0
#include "rules.h"

namespace ocw {

QList<Rule> allRules()
{
    using namespace Rules;
    return {JsonSyntax,         EmptyDocument,        InvalidEncoding,         DuplicateKey,
            DuplicateKeyElsewhere, TooDeep,           RootNotObject,           ByteOrderMark,
            ModuleMissing,      WrongType,            UnknownKey,              CaseMismatchKey,
            BothNamespaces,     NamespaceVersion,     NullValue,               SampleRateRange,
            SampleRateZero,     NotAnInteger,         ReportingPeriodNegative, ExportersMissing,
            UnknownExporter,    NoLayerEnabled,       AddressMissing,          AddressInvalid,
            ServiceNameMissing, ReconnectionInvalid,  ReconnectionNegative,    ReconnectionDefault,
            ReconnectionTooShort, ReconnectionNotInSchema, InsecureWithoutTls, HeaderValueNotString,
            SecretInHeader,     HeaderNameInvalid,    HeaderValueInvalid,      AddressDefaultPort,
            HeadersTraceStreamOnly};
}

} // namespace ocw
