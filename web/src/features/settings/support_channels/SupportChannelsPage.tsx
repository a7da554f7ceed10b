// Settings → Support channels (admins): where customers' requests come in. Mailboxes (addresses
// whose mail becomes tickets) with the delivery address and secret the mail server posts with (the
// same section as Settings → Email's), public web forms, and the satisfaction survey sent after a
// ticket is solved.
import { t } from "../../../i18n";
import { InboundSection } from "../email/InboundSection";
import { SettingsPage } from "../shared/SettingsPage";
import { MailboxesSection } from "./MailboxesSection";
import { SurveySection } from "./SurveySection";
import { WebFormsSection } from "./WebFormsSection";

export default function SupportChannelsPage() {
  return (
    <SettingsPage title={t("supportChannels.title")} intro={t("supportChannels.intro")}>
      <MailboxesSection />
      <InboundSection />
      <WebFormsSection />
      <SurveySection />
    </SettingsPage>
  );
}
