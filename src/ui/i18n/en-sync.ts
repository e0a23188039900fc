// English for the screens that load on demand (the keys of zh-CN-sync.ts). English loads
// whole when chosen; this split only keeps each catalogue file to one part of the app.
import type { zhCNSync } from './zh-CN-sync';

export const enSync: Record<keyof typeof zhCNSync, string> = {
  'room.restCompliant': 'Rest compliant ({count})',
  'room.restConfirm': 'Mark the {count} unchecked items compliant?',
  'room.restDone': 'Marked {count} items compliant',
  'pc.carry': 'Same as the previous PC: copy the answers of “{name}” (findings are written anew)',
  'item.carried': 'same as previous PC',
  'finding.deadline.days7': 'within 7 days',
  'finding.deadline.days30': 'within 30 days',
  'finding.deadline.yearEnd': 'by year end',
  'report.voice': 'Written as',
  'report.voice.self': 'The unit’s self-inspection',
  'report.voice.office': 'Inspection by a higher office',
  'report.voiceKeepsEdits': 'Sections you edited keep your text when the voice changes.',
  'pdf.missing':
    'No font has some characters in these places; the PDF prints a placeholder (e.g. 〔U+20BB7〕) where each was:',
  'pdf.missingPlace': '{place}: {chars}',
  'pdf.missingStill': 'The file can still go out, with placeholders for these characters, to be written in by hand.',
  'pdf.missingConfirm': 'Export anyway (with placeholders)',
  'pdf.marking': 'Marking (printed in every page header)',
  'pdf.markingNone': 'Empty: no marking',
  'fonts.ready': 'Fonts for offline PDFs: ready ({cached}/{total} font files cached)',
  'fonts.loading': 'Downloading fonts for offline PDFs: {cached}/{total} cached',
  'fonts.partial':
    'Only {cached}/{total} PDF font files are cached: offline PDFs still work, but {missing} files for rare characters are missing, so some name characters may not print. Open the app once while online; if this stays, the device may be short of storage.',
  'fonts.none':
    'The main PDF fonts are not cached ({cached}/{total}): offline PDFs will not work. Open the app once while online; if this stays, the device may be short of storage.',
  'notice.secrecy.title': 'No classified information.',
  'notice.secrecy.body':
    'This app syncs over ordinary networks: never type or photograph classified content. For classified computers and media, record the result only, never the screen or the documents.',
  'notice.secrecy.ok': 'Understood',
  'sync.uploadsRefused':
    '{count} photo or signature files were not accepted by the server this time (too large, or cut off); they stay on this device and go with the next sync.',
  'evidence.incomplete':
    '{count} photos or signatures of this inspection are not on the server yet: the record is incomplete and the PDF will lack those images.',

  'sync.notSignedIn': 'Not signed in: records stay on this device only. Sign in to send them to the office server.',
  'sync.now': 'Sync now',
  'sync.running': 'Syncing…',
  'sync.progress': 'Syncing: {done}/{total} items · {bytesDone}/{bytesTotal}',
  'sync.phase.uploading': 'Uploading photos and signatures',
  'sync.phase.pushing': 'Uploading records',
  'sync.phase.pulling': 'Fetching other devices’ records',
  'sync.phase.downloading': 'Fetching photos',
  'sync.never': 'Not synced yet',
  'sync.error.offline':
    'The office server cannot be reached. Records are saved on this device and sync when you are back online.',
  'sync.error.signed-out':
    'This device was signed out (an admin may have revoked it). Records are still here: sign in again to sync.',
  'sync.error.update-required': 'The server and this app speak different versions: reload the app to update.',
  'sync.error.storage': 'Synced data could not be stored on this device: storage may be full.',
  'sync.error.server': 'Sync failed: {message}',
  'sync.error.busy': 'Another tab is syncing.',
  'sync.error.not-signed-in': 'Sign in first.',
  'sync.retry': 'Retry',
  'sync.missingPhotos': '{count} photos have not been uploaded yet by the device that took them.',
  'sync.refused': '{count} changes were refused by the server: see the inspection.',
  'login.title': 'Sign in',
  'login.intro': 'Sign in once while online, then work offline for weeks; sync happens when you are back online.',
  'login.name': 'User name',
  'login.password': 'Password',
  'login.device': 'Device name',
  'login.devicePlaceholder': 'e.g. “Zhang San’s phone”',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.failed.credentials': 'Wrong user name or password.',
  'login.failed.rate': 'Too many failed attempts: try again in {seconds} s.',
  'login.failed.offline': 'Signing in needs the office server (go online).',
  'login.otherOwner':
    'This device holds the inspections of {name} ({org}); what is not synced exists only here. Sign in as that user, or delete this device’s records first.',
  'login.replace': 'Delete this device’s records and sign in',
  'login.replaceConfirm':
    'Every inspection, photo and signature on this device (unsynced ones included) will be deleted for good. Are you sure?',
  'login.failed.other': 'Sign-in failed: {message}',

  'account.title': 'Account and sync',
  'account.signedInAs': '{name} · {role} · {org}',
  'account.device': 'This device: {label}',
  'account.logout': 'Sign out',
  'account.logoutConfirm':
    'Signing out deletes every inspection, photo and signature from this device (the server keeps its copy). Sign out?',
  'account.logoutBlocked':
    '{changes} changes and {uploads} photo/signature files are not synced, and {localOnly} items exist only on this device (rewritten report drafts, changes the server refused). Sync first: signing out anyway loses them for good.',
  'account.logoutAnyway': 'Sign out anyway and delete unsynced data',
  'account.logoutAnywayConfirm': 'Unsynced data will be lost for good. Are you sure?',
  'role.inspector': 'inspector',
  'role.reviewer': 'reviewer',
  'role.admin': 'admin',

  'conflict.notice': '{by} changed this item on another device; theirs is now current. What this device had: {was}',
  'conflict.dismiss': 'Got it',
  'refusal.title': 'The server refused these changes (their content is kept on this device)',
  'refusal.item': '{kind}: {message}',

  'refusal.kind.inspection': 'Particulars',
  'refusal.kind.room': 'Room',
  'refusal.kind.computer': 'Computer',
  'refusal.kind.answer': 'Answer',
  'refusal.kind.finding': 'Finding',
  'refusal.kind.photo': 'Photo',
  'refusal.kind.signature': 'Signature',
  'refusal.kind.reopen': 'Reopening',
  'refusal.kind.review': 'Review',

  'review.title': 'Review',
  'review.reviewed': 'Reviewed ({by}, {time})',
  'review.returned': 'Returned for changes ({by}, {time}): {comment}',
  'review.comment': 'Comment',
  'review.markReviewed': 'Mark reviewed',
  'review.return': 'Return for changes',
  'review.needComment': 'Say what needs changing when you return it.',
  'review.readOnly': 'Read-only for reviewers: inspectors fill in the record.',

  'office.filterUnit': 'Inspected unit',
  'office.filterFrom': 'Date from',
  'office.filterTo': 'to',
  'office.filterStatus': 'Status',
};
