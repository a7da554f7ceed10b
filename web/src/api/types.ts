// Short names for the schemas of the OpenAPI document the UI uses most.
import type { components } from "./schema";

export type Schemas = components["schemas"];
export type Company = Schemas["Company"];
export type Contact = Schemas["Contact"];
export type Lead = Schemas["Lead"];
export type Deal = Schemas["Deal"];
export type Product = Schemas["Product"];
export type Activity = Schemas["Activity"];
export type Me = Schemas["Me"];
export type Pipeline = Schemas["Pipeline"];
export type Stage = Schemas["Stage"];
export type Board = Schemas["Board"];
export type Ticket = Schemas["Ticket"];
export type TicketMessage = Schemas["TicketMessage"];
export type Team = Schemas["Team"];

/** The record objects the list and record pages know; the API's object_type values. */
export const OBJECT_TYPES = ["companies", "contacts", "leads", "deals", "products", "activities", "tickets"] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];
