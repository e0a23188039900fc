// The start-up shell's strings (the list, the header, the status bar); every other
// screen's are in zh-CN-lazy.ts, which travels with those screens. English has the same
// keys in en.ts and en-lazy.ts (checked by the type of `Catalog`). {name} placeholders
// are filled by t().
import type { zhCNLazy } from './zh-CN-lazy';

export const zhCN = {
  'app.name': '巡检',
  'start.unreadable': '本机的数据已加密，但找不到它的密钥，无法打开。数据仍保留在本机，未被删除。请联系单位管理员。',
  'start.failed': '应用无法启动：{message}。本机的数据未被改动。',
  'app.tagline': '网络安全检查',
  'lang.switch': 'English',
  'lang.switchLabel': '切换到英文界面',
  'nav.home': '检查列表',

  'save.saving': '正在保存…',
  'save.saved': '已保存',
  'save.failed.quota': '未保存：设备存储空间已满。已保存的内容不受影响。请删除旧的检查或照片后重试。',
  'save.failed.unavailable': '未保存：无法写入本机存储。已保存的内容不受影响。',
  'save.failed.upgrade': '未保存：应用已在其他标签页中更新，请重新加载本页。',
  'save.failed.other': '未保存：{message}',
  'save.failed.photoUnsupported':
    '未保存：此浏览器无法处理照片（不能缩小和压缩图片）。请更新系统或浏览器后重试，或换用其他浏览器。',
  'save.retry': '重试',

  'update.available': '新版本可用',
  'update.reload': '重新加载',
  'update.later': '稍后',
  'update.offlineReady': '已可离线使用',
  'upgrade.required': '应用已在其他标签页中更新，本页已停止保存。请重新加载。',

  'list.title': '检查列表',
  'list.empty': '还没有检查。点击“新建检查”开始。',
  'list.new': '新建检查',
  'list.progress': '已完成 {answered}/{total} 项',
  'list.delete': '删除',
  'list.deleteConfirm':
    '从本机删除“{unit}”的检查记录？未同步的改动会随之丢失；已同步到服务器的记录仍留在服务器上。此操作无法撤销。',

  'rooms.progress': '{answered}/{total}',
  'rooms.complete': '已完成',
  'rooms.overall': '总进度',

  'room.officeItems': '办公室',
  'room.computers': '计算机',

  'item.photoOnFailure': '不符合时需拍照留证',
  'item.removedFromTemplate': '该检查项已不在当前模板中',

  'summary.total': '合计',

  'save.failed.locked': '未保存：检查已签字锁定。如需修改，请先在汇总页“重新打开”。',
  'sign.voided': '已作废',

  'common.loading': '加载中…',
  'common.ok': '确定',

  'sync.signIn': '登录以同步',
  'sync.done': '已同步 {time}',
  'sync.pending': '{count} 项改动未同步',
  'sync.allSynced': '所有改动都已同步',
  'syncBadge.pending': '未同步',
  'syncBadge.syncing': '同步中',
  'syncBadge.synced': '已同步 {time}',
  'syncBadge.local': '仅在本机',

  'office.title': '本单位的检查',
  'office.status.all': '全部',
  'office.status.open': '未签字',
  'office.status.signed': '已签字待审核',
  'office.status.reviewed': '已审核',
  'office.status.returned': '已退回',
  'list.onServer': '服务器上的检查',
  'list.onDevice': '本机上的检查',
  'sync.sharedBy': '{name} 与你共享了这条检查',
  'office.none': '没有符合条件的检查。',
} as const;

/** Every key: these and the ones of the lazily loaded screens (zh-CN-lazy.ts). */
export type MessageKey = keyof typeof zhCN | keyof typeof zhCNLazy;
export type Catalog = Record<MessageKey, string>;
