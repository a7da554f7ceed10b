// A lead's web-form consents, carried to its contact when it is converted (sales' ConvertHook). A
// lead has no consent history (privacy's consents are a contact's), so a form records the consents
// a lead ticked only in its submission (form_intake.hpp); at conversion each channel's newest
// ticked consent becomes the contact's privacy consent: granted, source web_form, the note naming
// the form, the text's version, the submission and when it was given. Not carried: a channel whose
// contact has a consent recorded after that submission (the person's later word wins), and every
// channel when the contact's address is on the suppression list (a grant recorded now would be
// newer than the suppression and lift it: privacy::may_contact).
#pragma once
#include <string>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::marketing {

// In the conversion's transaction; ctx is the converting user's (the consents' audit actor).
// Returns how many consents were recorded.
int carry_lead_consents(db::Connection& c, const identity::Context& ctx, const std::string& lead_id, const std::string& contact_id);

}  // namespace rapport::marketing
