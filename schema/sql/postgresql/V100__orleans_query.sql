-- Orleans ADO.NET providers read their SQL from this table at start-up (the NuGet packages ship no
-- scripts). Our own statements follow in V101 (grain persistence) and V102 (reminders); they are
-- written against the providers' documented contract: parameter names, result column names and
-- the version rules each provider checks. Identifiers are unquoted, so they fold to lower case,
-- and the providers find result columns by case-insensitive name.
CREATE TABLE orleansquery (
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);
