// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "load/loadprofile.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QTreeWidget;

namespace ocw {

class ProblemsModel;
class ProfileForm;
class TimeChart;

// The load profile page: the profile's JSON (highlighted, checked as it is typed, problems listed with
// their places), a preview of its rate over the run, and a sample trace and its metrics as they would
// be sent. Presets open from a list; profiles open from and save to files.
class ProfilePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilePage)

public:
    explicit ProfilePage(QWidget *parent = nullptr);
    ~ProfilePage() override;

    // Returns an error message, or an empty string.
    QString openFile(const QString &path);
    QString saveTo(const QString &path);
    void openPreset(const QString &name); // "krakend-gateway", ...
    QString filePath() const { return m_filePath; }
    // The last profile without errors: the preview stays on it while the text has errors.
    const std::optional<LoadProfile> &profile() const { return m_profile; }
    // Whether the text as it stands has errors (then profile() is not what it says).
    bool hasErrors() const;
    // Checks the text now if an edit is still waiting for its check.
    void validateNow();
    QPlainTextEdit *sourceEditor() const { return m_source; }
    ProblemsModel *problemsModel() const { return m_problems; }
    TimeChart *ratePreview() const { return m_rate; }
    QTreeWidget *sampleTrace() const { return m_trace; }
    QTreeWidget *sampleMetrics() const { return m_metrics; }
    ProfileForm *form() const { return m_form; }

signals:
    void profileChanged();

private:
    void revalidate();
    void applyFormEdit(const QString &pointer, const QByteArray &json);
    void showRate(const RateShape &shape, double seconds, const QString &unit);
    void showSample(const LoadProfile &profile, double seconds);

    QComboBox *m_presets = nullptr;
    ProfileForm *m_form = nullptr;
    QPlainTextEdit *m_source = nullptr;
    ProblemsModel *m_problems = nullptr;
    QTableView *m_problemsView = nullptr;
    TimeChart *m_rate = nullptr;
    int m_rateSeries = 0;
    QTreeWidget *m_trace = nullptr;
    QTreeWidget *m_metrics = nullptr;
    QLabel *m_summary = nullptr;
    QTimer m_debounce;
    QString m_filePath;
    std::optional<LoadProfile> m_profile;
};

} // namespace ocw
