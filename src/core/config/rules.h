// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diagnostic.h"

#include <QList>

namespace ocw {

// Every check the validator makes has one entry here; docs/rules.md documents each with an example.
struct Rule {
    const char *id;
    Severity severity;
    const char *name;
    const char *summary;
};

namespace Rules {
// The document
inline constexpr Rule JsonSyntax{"OCW001", Severity::Error, "json-syntax", "The file is not valid JSON."};
inline constexpr Rule EmptyDocument{"OCW002", Severity::Error, "empty-document", "The file is empty or only white space."};
inline constexpr Rule InvalidEncoding{"OCW003", Severity::Error, "invalid-encoding", "The file is not UTF-8 text (invalid bytes, NUL bytes, UTF-16)."};
inline constexpr Rule DuplicateKey{"OCW004", Severity::Error, "duplicate-key", "A key repeats inside the OpenCensus module; Go keeps only the last."};
inline constexpr Rule DuplicateKeyElsewhere{"OCW005", Severity::Warning, "duplicate-key-elsewhere", "A key repeats elsewhere in the file; Go keeps only the last."};
inline constexpr Rule TooDeep{"OCW006", Severity::Error, "nesting-too-deep", "The JSON nests deeper than any config needs."};
inline constexpr Rule RootNotObject{"OCW007", Severity::Error, "root-not-object", "The document is not a JSON object."};
inline constexpr Rule ByteOrderMark{"OCW008", Severity::Error, "byte-order-mark", "The file starts with a UTF-8 byte order mark, which Go's JSON decoder rejects."};
// The module
inline constexpr Rule ModuleMissing{"OCW100", Severity::Error, "module-missing", "No OpenCensus module where KrakenD looks for it."};
inline constexpr Rule WrongType{"OCW101", Severity::Error, "wrong-type", "A value has the wrong JSON type; KrakenD's decoder rejects the whole module."};
inline constexpr Rule UnknownKey{"OCW102", Severity::Error, "unknown-key", "A key KrakenD does not know; it is silently ignored."};
inline constexpr Rule CaseMismatchKey{"OCW103", Severity::Warning, "key-case-mismatch", "A key matches a known one only when case is ignored: Go accepts it, KrakenD's schema does not."};
inline constexpr Rule BothNamespaces{"OCW104", Severity::Warning, "both-namespaces", "Both the v1 and the v2 namespace are present."};
inline constexpr Rule NamespaceVersion{"OCW105", Severity::Warning, "namespace-version-mismatch", "The namespace does not match the config's `version`, so that KrakenD release ignores it."};
inline constexpr Rule NullValue{"OCW106", Severity::Warning, "null-value", "A null value, which KrakenD reads as absent and the schema rejects."};
inline constexpr Rule SampleRateRange{"OCW110", Severity::Error, "sample-rate-range", "`sample_rate` is outside 0..100."};
inline constexpr Rule SampleRateZero{"OCW111", Severity::Warning, "sample-rate-zero", "`sample_rate` is 0 or absent: no request is ever traced."};
inline constexpr Rule NotAnInteger{"OCW112", Severity::Error, "integer-required", "A number that Go cannot decode into an int (fraction, exponent, too large)."};
inline constexpr Rule ReportingPeriodNegative{"OCW113", Severity::Warning, "reporting-period-negative", "`reporting_period` below zero falls back to the default of 10 s."};
inline constexpr Rule ExportersMissing{"OCW120", Severity::Error, "exporters-missing", "`exporters` is missing or empty: nothing is exported."};
inline constexpr Rule UnknownExporter{"OCW121", Severity::Error, "unknown-exporter", "An exporter name KrakenD does not know; it is silently ignored."};
inline constexpr Rule NoLayerEnabled{"OCW122", Severity::Warning, "no-layer-enabled", "`enabled_layers` is present but enables no layer: no span is created."};
// The ocagent exporter
inline constexpr Rule AddressMissing{"OCW200", Severity::Error, "address-missing", "`address` is missing or empty: KrakenD skips the exporter silently."};
inline constexpr Rule AddressInvalid{"OCW201", Severity::Error, "address-invalid", "`address` is not a target KrakenD's exporter can connect to (grpc-go's dial syntax)."};
inline constexpr Rule ServiceNameMissing{"OCW202", Severity::Warning, "service-name-missing", "`service_name` is missing or empty: the agent shows KrakenD-Opencensus."};
inline constexpr Rule ReconnectionInvalid{"OCW203", Severity::Error, "reconnection-invalid", "`reconnection` is not a duration Go can parse: KrakenD skips the exporter silently."};
inline constexpr Rule ReconnectionNegative{"OCW204", Severity::Error, "reconnection-negative", "`reconnection` is a negative duration."};
inline constexpr Rule ReconnectionDefault{"OCW205", Severity::Warning, "reconnection-zero", "`reconnection` is zero or empty: the runtime uses its default of 10 s."};
inline constexpr Rule ReconnectionTooShort{"OCW206", Severity::Warning, "reconnection-too-short", "`reconnection` under one second hammers an agent that is down."};
inline constexpr Rule ReconnectionNotInSchema{"OCW207", Severity::Warning, "reconnection-schema", "`reconnection` is valid for Go but KrakenD's schema (`krakend check --lint`) rejects it."};
inline constexpr Rule InsecureWithoutTls{"OCW208", Severity::Warning, "insecure-without-tls", "`insecure` is false or absent, but KrakenD gives the exporter no TLS credentials: it never connects."};
inline constexpr Rule HeaderValueNotString{"OCW209", Severity::Error, "header-value-type", "A header value is not a string."};
inline constexpr Rule SecretInHeader{"OCW210", Severity::Warning, "secret-in-header", "A header carries a credential in plain text."};
inline constexpr Rule HeaderNameInvalid{"OCW211", Severity::Error, "header-name-invalid", "A header name gRPC refuses as metadata."};
inline constexpr Rule HeaderValueInvalid{"OCW212", Severity::Error, "header-value-invalid", "A header value gRPC refuses as metadata (non-printable ASCII)."};
inline constexpr Rule AddressDefaultPort{"OCW213", Severity::Warning, "address-default-port", "A `dns:` address without a port: grpc-go dials port 443, not the agent's 55678."};
inline constexpr Rule HeadersTraceStreamOnly{"OCW214", Severity::Warning, "headers-trace-stream-only", "`headers` go on the trace stream only: a collector that requires them refuses the metrics and Config streams, and span batches are dropped."};
} // namespace Rules

QList<Rule> allRules();

} // namespace ocw
