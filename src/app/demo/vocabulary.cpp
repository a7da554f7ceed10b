#include "app/demo/vocabulary.hpp"

namespace rapport::app::demo {

constexpr std::array<std::string_view, 200> kFirstNames = {
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
    "Ronald", "Rebecca", "Jason", "Laura", "Edward", "Sharon", "Jeffrey", "Cynthia", "Ryan", "Kathleen",
    "Jacob", "Amy", "Gary", "Angela", "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda",
    "Stephen", "Pamela", "Larry", "Emma", "Justin", "Nicole", "Scott", "Helen", "Brandon", "Samantha",
    "Benjamin", "Katherine", "Samuel", "Christine", "Gregory", "Debra", "Alexander", "Rachel", "Patrick", "Carolyn",
    "Frank", "Janet", "Raymond", "Maria", "Jack", "Olivia", "Dennis", "Heather", "Jerry", "Diane",
    "Tyler", "Julie", "Aaron", "Joyce", "Jose", "Victoria", "Adam", "Ruth", "Nathan", "Virginia",
    "Henry", "Lauren", "Zachary", "Kelly", "Douglas", "Christina", "Peter", "Joan", "Kyle", "Evelyn",
    "Noah", "Judith", "Ethan", "Andrea", "Jeremy", "Hannah", "Walter", "Megan", "Christian", "Cheryl",
    "Keith", "Jacqueline", "Roger", "Martha", "Terry", "Madison", "Austin", "Teresa", "Sean", "Gloria",
    "Lukas", "Sophie", "Felix", "Lena", "Jonas", "Marie", "Maximilian", "Hanna", "Leon", "Lea",
    "Hugo", "Chloé", "Louis", "Camille", "Théo", "Inès", "Mathis", "Léa", "Lucas", "Manon",
    "Daan", "Sanne", "Bram", "Fleur", "Sem", "Noor", "Javier", "Lucía", "Alejandro", "Sofía",
    "Pablo", "Marta", "Álvaro", "Carmen", "Lorenzo", "Giulia", "Matteo", "Chiara", "Francesco", "Sara",
    "Oskar", "Elsa", "Nils", "Astrid", "Björn", "Ingrid", "Erik", "Maja", "Liam", "Aoife",
    "Priya", "Arjun", "Mei", "Wei", "Yuki", "Haruto", "Amara", "Kwame", "Fatima", "Omar",
};

constexpr std::array<std::string_view, 200> kLastNames = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
    "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
    "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
    "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Braun", "Krüger", "Hartmann",
    "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Simon", "Michel", "Garnier",
    "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer",
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Navarro",
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Lindqvist",
    "O'Brien", "O'Connor", "Byrne", "Ryan", "Walsh", "MacDonald", "Campbell", "Fraser", "Stewart", "Robertson",
    "Singh", "Sharma", "Chen", "Wang", "Li", "Zhang", "Tanaka", "Suzuki", "Sato", "Park",
    "Okafor", "Mensah", "Haddad", "Khan", "Ali", "Hussein", "Kowalski", "Nowak", "Novak", "Horvat",
};

constexpr std::array<std::string_view, 40> kJobTitles = {
    "CEO", "CTO", "CFO", "COO", "Founder", "Co-Founder",
    "VP of Sales", "VP of Marketing", "VP of Engineering", "VP of Operations",
    "Head of Procurement", "Head of Growth", "Head of Customer Success", "Head of IT",
    "Sales Director", "Marketing Director", "Finance Director", "Operations Director",
    "Account Executive", "Sales Manager", "Marketing Manager", "Product Manager", "Project Manager",
    "Office Manager", "Procurement Manager", "IT Manager", "HR Manager", "Customer Success Manager",
    "Software Engineer", "Data Analyst", "Business Analyst", "Financial Analyst", "Consultant",
    "Buyer", "Purchasing Agent", "Operations Coordinator", "Executive Assistant", "Designer",
    "Legal Counsel", "Controller",
};

constexpr std::array<std::string_view, 80> kCompanyPrefixes = {
    "Northwind", "Blue Harbor", "Summit", "Redwood", "Silverline", "Ironbridge", "Brightwater", "Cobalt",
    "Evergreen", "Granite", "Harborview", "Lakeside", "Maple", "Meridian", "Nimbus", "Oakridge",
    "Pinnacle", "Quantum", "Riverstone", "Sterling", "Atlas", "Beacon", "Cascade", "Driftwood",
    "Ember", "Falcon", "Golden Gate", "Highland", "Horizon", "Juniper", "Keystone", "Lighthouse",
    "Lumen", "Magnolia", "Nova", "Orchard", "Pacific", "Polaris", "Prairie", "Red Rock",
    "Sagebrush", "Sequoia", "Skyline", "Solstice", "Starlight", "Stonegate", "Sunrise", "Tidewater",
    "Timberline", "Trailhead", "Trinity", "Twin Peaks", "Union", "Vanguard", "Velocity", "Verdant",
    "Vista", "Westbrook", "Whitestone", "Wildflower", "Willow", "Windmill", "Zenith", "Alpine",
    "Arcadia", "Aurora", "Bluebird", "Boulder", "Canyon", "Cedar", "Clearwater", "Copper",
    "Crescent", "Crystal", "Delta", "Eastgate", "Fjord", "Foxglove", "Glacier", "Greenfield",
};

constexpr std::array<Suffix, 40> kCompanySuffixes = {{
    {"Logistics", "Logistics"},          {"Freight", "Logistics"},
    {"Software", "Software"},            {"Labs", "Software"},
    {"Systems", "Software"},             {"Analytics", "Software"},
    {"Cloud", "Software"},               {"Health", "Healthcare"},
    {"Medical", "Healthcare"},           {"Bio", "Biotechnology"},
    {"Therapeutics", "Biotechnology"},   {"Capital", "Financial Services"},
    {"Financial", "Financial Services"}, {"Insurance", "Insurance"},
    {"Foods", "Food & Beverage"},        {"Brewing", "Food & Beverage"},
    {"Retail", "Retail"},                {"Outfitters", "Retail"},
    {"Energy", "Energy"},                {"Solar", "Energy"},
    {"Media", "Media"},                  {"Studios", "Media"},
    {"Consulting", "Consulting"},        {"Partners", "Consulting"},
    {"Advisors", "Consulting"},          {"Realty", "Real Estate"},
    {"Properties", "Real Estate"},       {"Hotels", "Hospitality"},
    {"Telecom", "Telecommunications"},   {"Networks", "Telecommunications"},
    {"Manufacturing", "Manufacturing"},  {"Industries", "Manufacturing"},
    {"Motors", "Automotive"},            {"Construction", "Construction"},
    {"Builders", "Construction"},        {"Learning", "Education"},
    {"Academy", "Education"},            {"Farms", "Agriculture"},
    {"Legal", "Legal Services"},         {"Robotics", "Manufacturing"},
}};

// The first six are the US ones (pick_city relies on that).
constexpr std::array<City, 24> kCities = {{
    {"New York", "US", "+121255501", 2, false},   {"San Francisco", "US", "+141555501", 2, false},
    {"Chicago", "US", "+131255501", 2, false},    {"Austin", "US", "+151255501", 2, false},
    {"Boston", "US", "+161755501", 2, false},     {"Seattle", "US", "+120655501", 2, false},
    {"Berlin", "DE", "+4930", 8, true},           {"Munich", "DE", "+4989", 8, true},
    {"Hamburg", "DE", "+4940", 8, true},          {"Paris", "FR", "+3314", 7, false},
    {"Lyon", "FR", "+3347", 7, false},            {"London", "GB", "+442079460", 3, false},
    {"Manchester", "GB", "+441614960", 3, false}, {"Amsterdam", "NL", "+3120", 7, true},
    {"Rotterdam", "NL", "+3110", 7, true},        {"Madrid", "ES", "+3491", 7, false},
    {"Barcelona", "ES", "+3493", 7, false},       {"Rome", "IT", "+3906", 8, false},
    {"Milan", "IT", "+3902", 8, false},           {"Stockholm", "SE", "+468", 8, true},
    {"Toronto", "CA", "+141655501", 2, false},    {"Vancouver", "CA", "+160455501", 2, false},
    {"Sydney", "AU", "+6129", 7, false},          {"Melbourne", "AU", "+6139", 7, false},
}};

constexpr std::array<Weighted<Size>, 6> kSizes = {{
    {{"1-10", 1, 10}, 25},
    {{"11-50", 11, 50}, 30},
    {{"51-200", 51, 200}, 22},
    {{"201-1000", 201, 1000}, 13},
    {{"1001-5000", 1001, 5000}, 7},
    {{"5000+", 5001, 120000}, 3},
}};

constexpr std::array<Weighted<std::string_view>, 8> kStages = {{
    {"subscriber", 15},
    {"lead", 25},
    {"marketing_qualified", 12},
    {"sales_qualified", 10},
    {"opportunity", 10},
    {"customer", 20},
    {"evangelist", 3},
    {"other", 5},
}};

constexpr std::array<std::string_view, 3> kFreeMailDomains = {"example.com", "example.net", "example.org"};

constexpr std::array<std::string_view, 24> kTopics = {
    "pricing", "the renewal", "the Q3 rollout", "onboarding", "the security review", "contract terms",
    "the pilot", "integration options", "the migration plan", "budget approval", "the product roadmap",
    "support tickets", "the annual plan", "data import", "user training", "SSO setup",
    "the proposal", "volume discounts", "the procurement process", "reporting needs", "the API",
    "expansion to more teams", "invoicing", "the case study",
};
constexpr std::array<std::string_view, 12> kNextSteps = {
    "Will send a follow-up email with details.",
    "Agreed to reconnect next week.",
    "Needs sign-off from their finance team.",
    "Asked for a written proposal.",
    "Wants to loop in their IT lead.",
    "Interested, but timing is next quarter.",
    "Happy with the current setup, no changes needed.",
    "Requested a reference customer in their industry.",
    "Will review internally and get back to us.",
    "Shared the deck; waiting on feedback.",
    "Raised concerns about implementation effort.",
    "Ready to move forward once legal approves.",
};
constexpr std::array<std::string_view, 8> kNoteSubjects = {
    "Intro notes", "Discovery notes", "Account notes", "Background",
    "Org chart", "Notes from conference", "Competitive info", "Internal notes",
};
constexpr std::array<std::string_view, 8> kTaskVerbs = {
    "Follow up with", "Send proposal to", "Schedule demo with", "Send contract to",
    "Check in with", "Send pricing to", "Book QBR with", "Share case study with",
};
constexpr std::array<std::string_view, 6> kMeetingKinds = {
    "Demo", "Discovery call", "Quarterly business review", "Kickoff", "Contract review", "Lunch",
};
constexpr std::array<std::string_view, 8> kEmailLines = {
    "Thanks for your time today. Attached is the overview we discussed.",
    "As promised, here is the pricing summary. Let me know if you have any questions.",
    "Happy to set up a call with our solutions team if that helps.",
    "Could we find 30 minutes next week to go through the details?",
    "Just checking in to see whether you had a chance to review the proposal.",
    "Great speaking with you. I have shared the notes with the team.",
    "Here is the case study I mentioned, from a customer in your industry.",
    "Looking forward to hearing from you.",
};
constexpr std::array<std::string_view, 4> kVirtualLocations = {"Zoom", "Google Meet", "Microsoft Teams", "Phone"};

constexpr std::array<Weighted<std::string_view>, 5> kActivityTypes = {{
    {"note", 25},
    {"task", 20},
    {"call", 20},
    {"meeting", 15},
    {"email", 20},
}};
constexpr std::array<Weighted<std::string_view>, 5> kOutcomes = {{
    {"connected", 55},
    {"no_answer", 20},
    {"left_voicemail", 15},
    {"busy", 5},
    {"wrong_number", 5},
}};

}  // namespace rapport::app::demo
