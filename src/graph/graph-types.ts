/**
 * The parts of Graph's answers the app reads, as microsoft-graph-docs describes them (resources/channel,
 * resources/conversationmember, resources/aadusernotificationrecipient's scheduleInformation,
 * resources/event). Graph may send more; it never sends less than its page says, but every field we read
 * that Graph marks optional is optional here.
 */

/** A collection page: `value`, and `@odata.nextLink` while more pages follow. */
export interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** resources/channel */
export interface GraphChannelResource {
  id: string;
  displayName: string;
  description?: string | null;
  webUrl?: string | null;
  membershipType?: 'standard' | 'private' | 'shared' | 'unknownFutureValue' | null;
}

/** resources/aaduserconversationmember (team and channel members). */
export interface GraphMemberResource {
  id: string;
  userId?: string | null;
  roles?: string[] | null;
  /** Shared channels: a member who reaches the channel through a team it is shared with. */
  '@microsoft.graph.originalSourceMembershipUrl'?: string | null;
}

/** resources/scheduleinformation (calendar/getSchedule). */
export interface GraphScheduleInformation {
  scheduleId: string;
  scheduleItems?: { start: GraphDateTime; end: GraphDateTime; status?: string }[];
  error?: { message?: string; responseCode?: string } | null;
}

/** resources/datetimetimezone */
export interface GraphDateTime {
  dateTime: string;
  timeZone?: string;
}

/** resources/event: what the app keeps of a created or changed event. */
export interface GraphEventResource {
  id: string;
  webLink?: string | null;
  onlineMeeting?: { joinUrl?: string | null } | null;
}
