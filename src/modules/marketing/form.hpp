// A lead capture form (issue 16, part 6): the fields a visitor fills in, each mapped to a field or
// custom field of a lead or a contact, the consent texts shown as checkboxes (one a channel, each
// text versioned: a changed text is a new version, so what a visitor agreed to stays provable), and
// what the visitor sees after sending (a message, or a redirect). Its public address is /f/{id}.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::marketing {

constexpr std::size_t kMaxForms = 200;          // per workspace: the list of forms needs no paging
constexpr std::size_t kMaxFormFields = 30;      // fields a form shows
constexpr std::size_t kMaxLabelChars = 200;     // a field's label
constexpr std::size_t kMaxConsentChars = 2000;  // a consent's text
constexpr std::size_t kMaxMessageChars = 2000;  // the success message
constexpr std::size_t kMaxValueChars = 2000;    // a value a visitor types (the record's field may allow less)

// One input of the form: `field` is a field of the target object ("email", "first_name") or a custom
// field ("custom.<name>").
struct FormField {
  std::string field, label;
  bool required = false;
};

// One consent checkbox: the channel (privacy's: email_marketing, phone, sms), the text beside the
// box and its version (1, then + 1 at each change of the text).
struct ConsentText {
  std::string channel, text;
  int64_t version = 1;
};

struct Form {
  std::string id, name;
  std::string target = "contact";  // lead or contact
  std::vector<FormField> fields;
  std::vector<ConsentText> consents;
  std::optional<std::string> success_message, redirect_url, list_id;
  bool enabled = true;
  int64_t submissions = 0, spam_caught = 0;
  std::string created_by;  // empty for the server's own
  int64_t version = 1;
  std::string created_at, updated_at;

  // The record object a submission writes: "leads" or "contacts".
  std::string object() const { return target == "lead" ? "leads" : "contacts"; }
  boost::json::array fields_json() const;
  boost::json::array consents_json() const;
  // As the API answers it (without the embed snippet, which needs the server's address: form_page.hpp).
  boost::json::object to_json() const;
};

std::vector<FormField> fields_from_json(const boost::json::value& v);
std::vector<ConsentText> consents_from_json(const boost::json::value& v);

}  // namespace rapport::marketing
