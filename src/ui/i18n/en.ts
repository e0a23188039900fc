import type { Catalog } from './zh-CN';
import { enLazy } from './en-lazy';

export const en: Catalog = {
  'app.name': 'Xunjian',
  'start.unreadable':
    'The data on this phone is encrypted, but its key cannot be found, so it cannot be opened. It is still on the phone, nothing was deleted. Ask your office’s administrator.',
  'start.failed': 'The app could not start: {message}. Nothing on this phone was changed.',
  'app.tagline': 'Security inspection',
  'lang.switch': '中文',
  'lang.switchLabel': 'Switch to Chinese',
  'nav.home': 'Inspections',

  'save.saving': 'Saving…',
  'save.saved': 'Saved',
  'save.failed.quota':
    'Not saved: the device storage is full. What was saved before is safe. Delete old inspections or photos and retry.',
  'save.failed.unavailable': 'Not saved: the device storage cannot be written. What was saved before is safe.',
  'save.failed.upgrade': 'Not saved: the app was updated in another tab. Reload this page.',
  'save.failed.other': 'Not saved: {message}',
  'save.failed.photoUnsupported':
    'Not saved: this browser cannot process photos (it cannot shrink and compress images). Update the system or browser and retry, or use another browser.',
  'save.retry': 'Retry',

  'update.available': 'New version available',
  'update.reload': 'Reload',
  'update.later': 'Later',
  'update.offlineReady': 'Ready to work offline',
  'upgrade.required': 'The app was updated in another tab; this page has stopped saving. Please reload.',

  'list.title': 'Inspections',
  'list.empty': 'No inspections yet. Tap “New inspection” to start.',
  'list.new': 'New inspection',
  'list.progress': '{answered}/{total} items done',
  'list.delete': 'Delete',
  'list.deleteConfirm':
    'Delete the inspection of “{unit}” from this device? Changes not yet synced are lost; what the server already has stays there. This cannot be undone.',

  'rooms.progress': '{answered}/{total}',
  'rooms.complete': 'Complete',
  'rooms.overall': 'Overall',

  'room.officeItems': 'Office',
  'room.computers': 'Computers',

  'item.photoOnFailure': 'Photo required if non-compliant',
  'item.removedFromTemplate': 'This item is no longer in the current checklist',

  'summary.total': 'Total',

  'save.failed.locked':
    'Not saved: the inspection is signed and locked. To change it, reopen it from the summary first.',
  'sign.voided': 'void',

  'common.loading': 'Loading…',
  'common.ok': 'OK',
  'sync.signIn': 'Sign in to sync',
  'sync.done': 'Synced {time}',
  'sync.pending': '{count} changes not synced',
  'sync.allSynced': 'All changes are synced',
  'syncBadge.pending': 'Not synced',
  'syncBadge.syncing': 'Syncing',
  'syncBadge.synced': 'Synced {time}',
  'syncBadge.local': 'This device only',

  'office.title': 'Our organisation’s inspections',
  'office.status.all': 'All',
  'office.status.open': 'Not signed',
  'office.status.signed': 'Signed, to review',
  'office.status.reviewed': 'Reviewed',
  'office.status.returned': 'Returned',
  'list.onServer': 'Inspections on the server',
  'list.onDevice': 'On this phone',
  'sync.sharedBy': '{name} shared this inspection with you',
  'office.none': 'No inspection matches.',
  ...enLazy,
};
