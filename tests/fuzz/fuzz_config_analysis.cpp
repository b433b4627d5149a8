// SPDX-License-Identifier: Apache-2.0
// The positioned JSON reader and the whole config analysis, on any bytes a user's krakend.json may hold.
#include "fuzzcheck.h"

#include "config/configanalysis.h"
#include "config/diagnosticformat.h"

#include <cstdint>

namespace {

// Whether `node` or one of its ancestors is a member whose key comes again later in the same object.
bool shadowed(const ocw::SourceJson &json, int node)
{
    for (int n = node; n >= 0; n = json.node(n).parent) {
        if (json.node(n).keyStart < 0)
            continue;
        for (int later = json.node(n).nextSibling; later >= 0; later = json.node(later).nextSibling) {
            if (json.node(later).key == json.node(n).key)
                return true;
        }
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // Raw data, with no terminating NUL: a read past the end is caught by ASan.
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const ocw::ConfigAnalysis analysis = ocw::analyzeConfig(bytes);
    for (const ocw::Diagnostic &diagnostic : analysis.diagnostics) {
        OCW_FUZZ_CHECK(diagnostic.offset >= 0 && diagnostic.offset <= bytes.size());
        OCW_FUZZ_CHECK(diagnostic.line >= 1 && diagnostic.column >= 1);
        OCW_FUZZ_CHECK(!ocw::formatDiagnosticLine(QStringLiteral("krakend.json"), diagnostic).isEmpty());
    }
    // Every node's pointer finds that node again, unless it lies under a key repeated later in its object:
    // the last one wins, as Go decodes. Bounded: each lookup walks the path, so a deep document would make
    // this check, not the parser, the slow part.
    const ocw::SourceJson &json = analysis.json;
    if (json.isValid() && json.nodeCount() <= 256) {
        for (int node = 0; node < json.nodeCount(); ++node)
            OCW_FUZZ_CHECK(json.find(json.pointer(node)) == node || shadowed(json, node));
    }
    return 0;
}
